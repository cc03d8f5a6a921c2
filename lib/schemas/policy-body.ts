// Request bodies of the policy REST API and server actions. The document itself is validated by
// parsePolicy (lib/schemas/policy.ts) afterwards, so that its errors point into the document.
import { z } from "zod";

export const policyNameSchema = z
  .string({ error: "Name the policy" })
  .trim()
  .min(1, { error: "Name the policy" })
  .max(64, { error: "Use at most 64 characters" });

export const createPolicyBodySchema = z.object({
  serverId: z.string({ error: "Choose a server" }).min(1, { error: "Choose a server" }),
  name: policyNameSchema,
  document: z.unknown().refine((value) => value !== undefined, { error: "is required: a policy document" }),
});
export type CreatePolicyBody = z.infer<typeof createPolicyBodySchema>;

export const savePolicyBodySchema = z.object({
  document: z.unknown().refine((value) => value !== undefined, { error: "is required: a policy document" }),
  note: z.string().trim().max(200, { error: "Use at most 200 characters" }).optional(),
  baseVersion: z.number().int().min(1).optional(),
});
export type SavePolicyBody = z.infer<typeof savePolicyBodySchema>;

