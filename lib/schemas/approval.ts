// Approval shapes: the decision body (approve / deny with an optional note) and the list answer.
import { z } from "zod";

export const approvalStatusSchema = z.enum(["pending", "approved", "denied", "expired"]);
export type ApprovalStatus = z.infer<typeof approvalStatusSchema>;

export const decideApprovalBodySchema = z
  .object({ note: z.string().trim().max(500, { message: "Use at most 500 characters" }).optional() })
  .strict();
export type DecideApprovalBody = z.infer<typeof decideApprovalBodySchema>;

export const approvalListQuerySchema = z.object({
  status: z.enum(["pending", "decided", "approved", "denied", "expired", "all"]).default("pending"),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ApprovalListQuery = z.infer<typeof approvalListQuerySchema>;

export const approvalSchema = z.object({
  id: z.string(),
  grantId: z.string(),
  grantName: z.string(),
  serverId: z.string(),
  toolName: z.string(),
  arguments: z.unknown(),
  policyId: z.string(),
  policyVersion: z.number().int(),
  ruleId: z.string(),
  status: approvalStatusSchema,
  note: z.string().nullable(),
  decidedBy: z.string().nullable().meta({ description: "Name of the person who decided" }),
  decidedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});
export type ApprovalView = z.infer<typeof approvalSchema>;

export const approvalListSchema = z.object({ data: z.array(approvalSchema), nextCursor: z.string().nullable() });
