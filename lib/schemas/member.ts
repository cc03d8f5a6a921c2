// Members, invitations and API keys: the forms and the server actions share these schemas.
import { z } from "zod";
import { emailSchema } from "@/lib/schemas/account";

export const roleSchema = z.enum(["owner", "admin", "editor", "viewer"], { message: "Choose owner, admin, editor or viewer" });

export const createInvitationBodySchema = z
  .object({
    role: roleSchema,
    expiresInDays: z.coerce.number().int().min(1, { message: "At least 1 day" }).max(30, { message: "At most 30 days" }).default(7),
    // Optional: the link is also mailed here. Empty means "just give me the link".
    email: z.preprocess((v) => (v === "" ? undefined : v), emailSchema.optional()),
  })
  .strict();
export type CreateInvitationBody = z.infer<typeof createInvitationBodySchema>;

export const changeRoleBodySchema = z.object({ membershipId: z.string().min(1), role: roleSchema }).strict();
export type ChangeRoleBody = z.infer<typeof changeRoleBodySchema>;

export const createApiKeyBodySchema = z
  .object({
    name: z.string().trim().min(1, { message: "Name the key, e.g. “CI deploys”" }).max(100, { message: "Use at most 100 characters" }),
    role: roleSchema.default("editor"),
  })
  .strict();
export type CreateApiKeyBody = z.infer<typeof createApiKeyBodySchema>;
