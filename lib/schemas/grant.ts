// Grant shapes: the same schemas validate the create form, the server action and POST /api/v1/grants,
// and describe the answers in the OpenAPI document.
import { z } from "zod";

export const grantIdSchema = z.string().regex(/^grt_[0-9a-f]{32}$/, { message: "Expected a grant id like grt_…" });

export const createGrantBodySchema = z
  .object({
    serverId: z.string().trim().min(1, { message: "Choose a server" }).meta({ example: "srv_…" }),
    policyId: z.string().trim().min(1, { message: "Choose a policy" }).meta({ example: "pol_…" }),
    name: z
      .string()
      .trim()
      .min(1, { message: "Name the grant, e.g. “Claude Desktop – Alice”" })
      .max(100, { message: "Use at most 100 characters" }),
    expiresAt: z.iso
      .datetime({ offset: true, message: "Use an ISO 8601 time such as 2030-01-31T12:00:00Z" })
      .refine((value) => Date.parse(value) > Date.now(), { message: "The expiry must be in the future" })
      .optional(),
  })
  .strict();
export type CreateGrantBody = z.infer<typeof createGrantBodySchema>;

/**
 * Changing a grant without a new token: rename it, move it to another policy of the same server,
 * or change its expiry (null: never expires). Names left out keep their value.
 */
export const updateGrantBodySchema = z
  .object({
    name: createGrantBodySchema.shape.name.optional(),
    policyId: z.string().trim().min(1, { message: "Choose a policy" }).meta({ example: "pol_…" }).optional(),
    expiresAt: createGrantBodySchema.shape.expiresAt.unwrap().nullable().optional(),
  })
  .strict()
  .refine((body) => Object.values(body).some((value) => value !== undefined), { message: "Change at least one field" });
export type UpdateGrantBody = z.infer<typeof updateGrantBodySchema>;

export const grantStatusSchema = z.enum(["active", "expired", "revoked"]);
export type GrantStatus = z.infer<typeof grantStatusSchema>;

export const grantSchema = z.object({
  id: z.string(),
  name: z.string(),
  serverId: z.string(),
  serverName: z.string(),
  policyId: z.string(),
  policyName: z.string(),
  tokenPrefix: z.string().meta({ description: "The first characters of the token, to recognise it" }),
  status: grantStatusSchema,
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
  callCount: z.number().int().meta({ description: "Gateway decisions recorded for this grant" }),
  gatewayUrl: z.url(),
  oauthClient: z
    .object({ id: z.string(), name: z.string(), logoUri: z.string().nullable() })
    .nullable()
    .meta({ description: "The OAuth client this grant was made for on the consent page (its tokens are OAuth access tokens), or null" }),
});
export type GrantView = z.infer<typeof grantSchema>;

export const createdGrantSchema = z.object({
  id: z.string(),
  name: z.string(),
  token: z.string().meta({ description: "Shown only in this answer; store it now" }),
  gatewayUrl: z.url().meta({ description: "Send Authorization: Bearer <token> to this URL" }),
  secretUrl: z.url().meta({ description: "A URL that carries the token itself: treat it as a secret" }),
});
export type CreatedGrant = z.infer<typeof createdGrantSchema>;

export const grantListSchema = z.object({ data: z.array(grantSchema), nextCursor: z.string().nullable() });

export const grantListQuerySchema = z.object({
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
