// Approval outside the connection. Most MCP clients give up on a request after a minute (the
// SDK's DEFAULT_REQUEST_TIMEOUT_MSEC), and a person rarely decides that fast, so unless the
// client can wait (see approvalWaits) the call is answered at once: isError, with the approval's
// id, page and expiry. The approval is bound to {grant, tool, canonical arguments hash, policy
// version, expiry}. The first identical retry after approval consumes it and is forwarded; the
// next identical call, a call with other arguments, or a call by another grant finds no usable
// approval and is answered with a new pending one (a person decides each forwarded call). A
// denial or an expiry is reported to the next identical retry, once.
import { canonicalJson } from "@/lib/policy/canonical-json";
import { sha256Hex } from "@/lib/crypto";
import type { ApproveDecision } from "@/lib/policy";
import { afterApproval, type HeldCall, type HoldResult } from "@/gateway/enforce/hold-for-approval";
import { MAX_PENDING_PER_GRANT, RetryApprovals, type RetryApproval } from "@/gateway/enforce/retry-approvals";
import { findStandingApproval } from "@/gateway/enforce/standing-approvals";
import { failClosed, type Verdict } from "@/gateway/enforce/verdict";
import type { Exchange } from "@/gateway/proxy/exchange";
import type { PolicyRecord } from "@/gateway/state/records";

export const RETRY_INSTRUCTION = "A person must approve this call; retry the same call after approval.";

/** Hold the request open only where the client can wait: it sent a progress token (and can reset its timeout on progress). */
export function approvalWaits(decision: ApproveDecision, params: Record<string, unknown>): boolean {
  if (decision.mode !== "auto") return decision.mode === "hold";
  return (params._meta as { progressToken?: unknown } | undefined)?.progressToken !== undefined;
}

export function approvalPageUrl(appUrl: string, slug: string, approvalId: string): string {
  return `${appUrl.replace(/\/+$/, "")}/${encodeURIComponent(slug)}/approvals/${approvalId}`;
}

const refused = (verdict: Verdict): HoldResult => ({ kind: "refused", verdict });

function pendingVerdict(x: Exchange, approval: RetryApproval, ruleId: string): Verdict {
  return {
    decision: "approval_pending", ruleId, reason: RETRY_INSTRUCTION, approvalId: approval.id,
    approvalUrl: approvalPageUrl(x.services.config.appUrl, approval.slug, approval.id), expiresAt: approval.expiresAt.toISOString(),
  };
}

/** Identical calls a person allowed for a while (where the rule permits): forwarded without asking. */
async function standingApproval(x: Exchange, call: HeldCall, decision: ApproveDecision, policy: PolicyRecord, argsHash: string): Promise<HoldResult | null> {
  const standing = await findStandingApproval(x.services.db, { grantId: x.grant.id, tool: call.name, argsHash, policyId: policy.id, policyVersion: policy.version });
  if (!standing) return null;
  const result = await afterApproval(x, call, policy, { ruleId: decision.ruleId, approvalId: standing.approvalId });
  if (result.kind === "approved") result.verdict.reason = `Identical calls allowed until ${standing.until.toISOString()} (standing approval ${standing.id})`;
  return result;
}

/**
 * An earlier approval of this exact call decides it, if there is one that has not answered yet:
 * approved → consumed and forwarded; denied or expired → reported once. Else a standing approval
 * of identical calls forwards it. Null: nothing decides yet.
 */
export async function earlierApproval(x: Exchange, call: HeldCall, decision: ApproveDecision, policy: PolicyRecord): Promise<HoldResult | RetryApproval | null> {
  const store = new RetryApprovals(x.services.db);
  const argsHash = sha256Hex(canonicalJson(call.args));
  const found = await store.latest({ grantId: x.grant.id, tool: call.name, argsHash });
  const usable = found?.status === "approved" && !found.expired && found.policyVersion === policy.version;
  if (found && usable && (await store.consume(found.id, policy.version))) return afterApproval(x, call, policy, { ruleId: decision.ruleId, approvalId: found.id });
  // Nothing (or only a waiting or just-used identical call) decides yet: a standing approval may.
  if (!found || found.status === "pending" || found.status === "approved") {
    const standing = await standingApproval(x, call, decision, policy, argsHash);
    if (standing) return standing;
  }
  if (!found) return null;
  if (usable) return null; // another retry used it a moment ago, or the grant ended: this call asks anew
  const base = { ruleId: decision.ruleId, approvalId: found.id };
  // Still waiting: answered with the same approval, unless the policy changed since (then asked anew).
  if (found.status === "pending" && !found.expired && found.policyVersion === policy.version) return found;
  if (!(await store.settle(found.id))) return null;
  if (found.status === "denied") {
    return refused({ decision: "approval_denied", reason: `A person denied this call${found.note ? `: ${found.note}` : ""}`, ...base });
  }
  // Decided or waiting under an older policy version: a person approves again, under the current one.
  if ((found.status === "approved" || found.status === "pending") && !found.expired) return null;
  const what = found.status === "approved" ? "It was approved, but not retried" : "Nobody approved it";
  return refused({ decision: "approval_expired", reason: `This call's approval ${found.id} expired at ${found.expiresAt.toISOString()}. ${what} in time; call again to ask anew.`, ...base });
}

/** The retry path: decided by an earlier approval, or answered at once with a pending one. */
export async function retryForApproval(x: Exchange, call: HeldCall, decision: ApproveDecision, policy: PolicyRecord, earlier: RetryApproval | null): Promise<HoldResult> {
  if (earlier) return refused(pendingVerdict(x, earlier, decision.ruleId));
  try {
    const opened = await new RetryApprovals(x.services.db).open({
      orgId: x.grant.orgId, grantId: x.grant.id, serverId: x.server.id, tool: call.name, args: call.args, argsHash: sha256Hex(canonicalJson(call.args)),
      policyId: policy.id, policyVersion: policy.version, ruleId: decision.ruleId, timeoutSeconds: decision.timeoutSeconds,
    });
    if (opened) return refused(pendingVerdict(x, opened, decision.ruleId));
    return refused({
      decision: "rate_limited", ruleId: decision.ruleId,
      reason: `This grant already has ${MAX_PENDING_PER_GRANT} calls waiting for approval; wait for a decision on those before asking for more`,
    });
  } catch (error) {
    x.services.logger.warn({ err: (error as Error).message }, "approval could not be created");
    return refused({ ...failClosed("Warden could not create the approval request (its database is unreachable)"), ruleId: decision.ruleId });
  }
}
