// The JSON-RPC error for a refused resources/prompts/completion request. Unlike tools/call,
// these methods have no result that can carry an error, so the refusal is an error whose text
// names the decision, the reason and the rule, with the same detail as tools' `_meta` in `data`.
import { ErrorCodes, errorMessage, type RequestId } from "@/gateway/downstream/jsonrpc";
import { WARDEN_META_KEY, type Verdict } from "@/gateway/enforce/verdict";

/** Warden's code for "refused by policy" (JSON-RPC leaves -32000 to -32099 to implementations). */
export const POLICY_REFUSAL = -32003;

export function refusalError(id: RequestId, verdict: Verdict, now = Date.now()) {
  const parts = [`Warden refused this request (decision: ${verdict.decision}).`, `Reason: ${verdict.reason ?? "refused by policy"}`];
  if (verdict.ruleId) parts.push(`Rule: ${verdict.ruleId}`);
  if (verdict.retryAt) {
    const seconds = Math.max(0, Math.ceil((Date.parse(verdict.retryAt) - now) / 1000));
    parts.push(`Retry after: ${verdict.retryAt} (in ${seconds} s)`);
  }
  const code = verdict.decision === "fail_closed" ? ErrorCodes.internalError : POLICY_REFUSAL;
  const data = { [WARDEN_META_KEY]: { decision: verdict.decision, reason: verdict.reason, ruleId: verdict.ruleId, ...(verdict.retryAt ? { retryAt: verdict.retryAt } : {}) } };
  return errorMessage(id, code, parts.join(" "), data);
}
