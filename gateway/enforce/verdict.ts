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
  explanation?: string;
};

export const WARDEN_META_KEY = "dev.warden/decision";

export function refusalResult(verdict: Verdict, now = Date.now()): CallToolResult {
  const lines = [`Warden refused this call (decision: ${verdict.decision}).`, `Reason: ${verdict.reason ?? "refused by policy"}`];
  if (verdict.ruleId) lines.push(`Rule: ${verdict.ruleId}`);
  if (verdict.approvalId) lines.push(`Approval: ${verdict.approvalId}`);
  if (verdict.retryAt) {
    const seconds = Math.max(0, Math.ceil((Date.parse(verdict.retryAt) - now) / 1000));
    lines.push(`Retry after: ${verdict.retryAt} (in ${seconds} s)`);
  }
  return {
    content: [{ type: "text", text: lines.join("\n") }],
    isError: true,
    _meta: { [WARDEN_META_KEY]: { decision: verdict.decision, reason: verdict.reason, ruleId: verdict.ruleId, ...(verdict.retryAt ? { retryAt: verdict.retryAt } : {}) } },
  };
}

export const failClosed = (reason: string): Verdict => ({ decision: "fail_closed", ruleId: null, reason });
