// Approval shapes: the decision body (approve / deny with an optional note) and the list answer.
import { z } from "zod";

export const approvalStatusSchema = z.enum(["pending", "approved", "denied", "expired"]);
export type ApprovalStatus = z.infer<typeof approvalStatusSchema>;

export const decideApprovalBodySchema = z
  .object({ note: z.string().trim().max(500, { message: "Use at most 500 characters" }).optional() })
  .strict();
export type DecideApprovalBody = z.infer<typeof decideApprovalBodySchema>;

/** Approving may also allow identical calls for a while, where the approval rule's `allow_identical_for` permits. */
export const approveApprovalBodySchema = decideApprovalBodySchema.extend({
  allowIdenticalMinutes: z.number().int().min(1, { message: "Use at least 1 minute" }).max(10_080, { message: "Use at most 7 days (10080 minutes)" }).optional()
    .meta({ description: "Also allow identical calls (same grant, tool, arguments and policy version) for this many minutes; only where the rule's approval.allow_identical_for permits, and at most that long" }),
}).strict();
export type ApproveApprovalBody = z.infer<typeof approveApprovalBodySchema>;

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

export const decidedApprovalSchema = approvalSchema.extend({
  allowIdenticalUntil: z.iso.datetime().nullable().meta({ description: "Until when identical calls are allowed without asking, if the approver allowed them" }),
});

export const approvalListSchema = z.object({ data: z.array(approvalSchema), nextCursor: z.string().nullable() });

/** "Approve and allow identical calls for N minutes": the allowance an approval's decision created. */
export const standingApprovalSchema = z.object({
  id: z.string(),
  approvalId: z.string().meta({ description: "The approval whose decision created it; stop it with DELETE /approvals/{approvalId}/standing" }),
  grantId: z.string(),
  serverId: z.string(),
  toolName: z.string(),
  policyId: z.string(),
  policyVersion: z.number().int().meta({ description: "Identical calls pass only under this policy version" }),
  createdAt: z.iso.datetime(),
  until: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable().meta({ description: "When a person stopped it, if they did" }),
  active: z.boolean().meta({ description: "Not stopped and not over: the gateway lets identical calls through now" }),
});
export type StandingApprovalView = z.infer<typeof standingApprovalSchema>;

export const standingApprovalListQuerySchema = z.object({
  status: z.enum(["active", "all"]).default("active"),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type StandingApprovalListQuery = z.infer<typeof standingApprovalListQuerySchema>;

export const standingApprovalListSchema = z.object({ data: z.array(standingApprovalSchema), nextCursor: z.string().nullable() });

/** What the approval page shows beside the call itself: enough for a careful person to decide. */
export type ApprovalContextView = {
  approval: ApprovalView;
  /** hold: the agent's request waits open; retry: the agent retries the identical call after approval; task: an MCP task runs it after approval. */
  mode: "hold" | "retry" | "task";
  serverName: string;
  /** The tool's catalog entry, or null when the server no longer lists it. */
  tool: { risk: string; class: string; riskReasons: string[]; classReasons: string[]; description: string } | null;
  /** The rule that asked for approval, as written in the policy version that held the call. */
  rule: unknown;
  /** The last approved call of this tool by this grant before this one, for a diff of the arguments. */
  previous: { id: string; arguments: unknown; decidedAt: string | null } | null;
  /** This grant's decided calls over the last `days`. */
  recent: { days: number; approved: number; denied: number; expired: number };
  /** How long the rule lets an approver allow identical calls (approval.allow_identical_for), in whole minutes; 0: not at all. */
  allowIdenticalMaxMinutes: number;
  /** Identical calls allowed by this approval's decision, until then (unless revoked). */
  standing: { id: string; until: string; revokedAt: string | null } | null;
};
