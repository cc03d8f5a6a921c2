// The approval step of a tools/call: hold the call, tell the agent (progress) while a person
// decides, and on approval re-evaluate against the current policy, since it may have changed
// while the call waited (a policy that now denies wins over the approval). A grant revoked or
// expired while the call waited is never released by an approval (the approval service checks
// the grant in the database before it consumes the approval).
import { canonicalJson } from "@/lib/policy/canonical-json";
import { sha256Hex } from "@/lib/crypto";
import { evaluate, type AllowDecision, type ApproveDecision } from "@/lib/policy";
import { failClosed, type Verdict } from "@/gateway/enforce/verdict";
import type { Exchange } from "@/gateway/proxy/exchange";
import type { PolicyRecord } from "@/gateway/state/records";

export type HeldCall = { name: string; args: Record<string, unknown>; params: Record<string, unknown> };
export type HoldResult =
  | { kind: "refused"; verdict: Verdict }
  | { kind: "approved"; verdict: Verdict; decision: AllowDecision | ApproveDecision };

function progressReporter(x: Exchange, params: Record<string, unknown>, timeoutSeconds: number) {
  const token = (params._meta as { progressToken?: string | number } | undefined)?.progressToken;
  if (token === undefined) return undefined;
  return (approvalId: string, elapsedSeconds: number, expiresAt: Date) => {
    x.responder.send({
      jsonrpc: "2.0",
      method: "notifications/progress",
      params: {
        progressToken: token, progress: elapsedSeconds, total: timeoutSeconds,
        message: `Waiting for a person to approve this call in Warden (approval ${approvalId}, expires ${expiresAt.toISOString()})`,
      },
    });
  };
}

export async function holdForApproval(x: Exchange, call: HeldCall, decision: ApproveDecision, policy: PolicyRecord): Promise<HoldResult> {
  const controller = new AbortController();
  x.responder.onAbort(() => controller.abort());
  const outcome = await x.services.approvals.hold({
    orgId: x.grant.orgId, grantId: x.grant.id, serverId: x.server.id, tool: call.name, args: call.args,
    argsHash: sha256Hex(canonicalJson(call.args)), policyId: policy.id, policyVersion: policy.version, ruleId: decision.ruleId,
    timeoutSeconds: decision.timeoutSeconds, onWaiting: progressReporter(x, call.params, decision.timeoutSeconds),
    grantExpiresAt: x.grant.expiresAt, signal: controller.signal,
  });
  const base = { ruleId: decision.ruleId, approvalId: outcome.approvalId ?? undefined };
  switch (outcome.status) {
    case "failed":
      return { kind: "refused", verdict: { ...failClosed(outcome.reason), ...base } };
    case "grant_ended":
      return { kind: "refused", verdict: { decision: "deny", ruleId: null, reason: outcome.reason, approvalId: outcome.approvalId } };
    case "denied":
      return { kind: "refused", verdict: { decision: "approval_denied", reason: `A person denied this call${outcome.note ? `: ${outcome.note}` : ""}`, ...base } };
    case "expired":
      return { kind: "refused", verdict: { decision: "approval_expired", reason: outcome.note ?? `Nobody approved this call within ${decision.timeoutSeconds} s`, ...base } };
    case "approved":
      return afterApproval(x, call, policy, base);
  }
}

/** The counters to take now (the window may have moved while waiting), unless the policy changed to refuse. */
export async function afterApproval(x: Exchange, call: HeldCall, held: PolicyRecord, base: { ruleId: string; approvalId?: string }): Promise<HoldResult> {
  let policy = held;
  try {
    policy = (await x.services.state.policy(held.id)) ?? held;
  } catch {
    // The database went away after the approval was consumed: the policy the person saw still stands.
  }
  const now = evaluate(policy.compiled ?? held.compiled!, { tool: call.name, args: call.args }, { orgId: x.grant.orgId, serverId: x.server.id, grantId: x.grant.id, now: Date.now() });
  if (now.kind !== "allow" && now.kind !== "approve") {
    const reason = now.kind === "deny" || now.kind === "hide" ? now.reason : "the policy changed";
    return { kind: "refused", verdict: { decision: "deny", ruleId: now.ruleId, reason: `Approved, but the policy changed while the call waited: ${reason}`, approvalId: base.approvalId } };
  }
  return { kind: "approved", verdict: { decision: "approval_granted", reason: null, ...base }, decision: now };
}
