// How a tools/call ended, as data: the audit row, the metrics and the agent's message are all
// made from it. Refusals become tool results with isError, whose text names the decision, the
// reason, the rule and (for limits) when to retry; machine-readable detail rides in _meta.
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

export type AuditDecision =
  | "allow"
  | "deny"
  | "hide"
  | "unknown_tool"
  | "quarantined"
  | "invalid_arguments"
  | "rate_limited"
  | "approval_pending"
  | "approval_granted"
  | "approval_denied"
  | "approval_expired"
  | "upstream_error"
  | "fail_closed";

export type Verdict = {
  decision: AuditDecision;
  ruleId: string | null;
  reason: string | null;
  retryAt?: string;
  approvalId?: string;
  /** For approval_pending: the approval's page in the app, and when it expires. */
  approvalUrl?: string;
  expiresAt?: string;
  explanation?: string;
};

export const WARDEN_META_KEY = "dev.warden/decision";

export function refusalResult(verdict: Verdict, now = Date.now()): CallToolResult {
  const pending = verdict.decision === "approval_pending";
  const lines = pending
    ? [`Warden is holding this call for a person's approval (decision: approval_pending).`, verdict.reason ?? ""]
    : [`Warden refused this call (decision: ${verdict.decision}).`, `Reason: ${verdict.reason ?? "refused by policy"}`];
  if (verdict.ruleId) lines.push(`Rule: ${verdict.ruleId}`);
  if (verdict.approvalId) lines.push(`Approval: ${verdict.approvalId}`);
  if (verdict.approvalUrl) lines.push(`Approval page: ${verdict.approvalUrl}`);
  if (verdict.expiresAt) lines.push(`Expires: ${verdict.expiresAt}`);
  if (verdict.retryAt) {
    const seconds = Math.max(0, Math.ceil((Date.parse(verdict.retryAt) - now) / 1000));
    lines.push(`Retry after: ${verdict.retryAt} (in ${seconds} s)`);
  }
  return {
    content: [{ type: "text", text: lines.join("\n") }],
    isError: true,
    _meta: {
      [WARDEN_META_KEY]: {
        decision: verdict.decision, reason: verdict.reason, ruleId: verdict.ruleId,
        ...(verdict.retryAt ? { retryAt: verdict.retryAt } : {}),
        ...(verdict.approvalId ? { approvalId: verdict.approvalId } : {}),
        ...(verdict.approvalUrl ? { approvalUrl: verdict.approvalUrl, expiresAt: verdict.expiresAt } : {}),
      },
    },
  };
}

export const failClosed = (reason: string): Verdict => ({ decision: "fail_closed", ruleId: null, reason });
