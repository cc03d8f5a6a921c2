import { z } from "zod";

export const renameOrganizationBodySchema = z.object({
  name: z.string().trim().min(2, { message: "Use at least 2 characters" }).max(100, { message: "Use at most 100 characters" }),
}).strict();
export type RenameOrganizationBody = z.infer<typeof renameOrganizationBodySchema>;
