// Moves a task of Warden's along when its grant's client asks about it (tasks/get, tasks/result,
// on any worker): a denied or expired approval fails the task (its result says why, as a held
// call would have been told); an approved one is consumed and its call claimed in one statement,
// so exactly one worker forwards it, once, after the current policy and limits agree (as for a
// held call: a policy that now denies wins over the approval). The answer is kept for tasks/result.
import { randomUUID } from "node:crypto";
import { canonicalJson } from "@/lib/policy/canonical-json";
import { sha256Hex } from "@/lib/crypto";
import { ErrorCodes, resultMessage } from "@/gateway/downstream/jsonrpc";
import { afterApproval } from "@/gateway/enforce/hold-for-approval";
import { forwardToolCall } from "@/gateway/enforce/forward-tool-call";
import { grantPolicy } from "@/gateway/enforce/grant-policy";
import { takeCounters, type CallOutcome } from "@/gateway/enforce/tool-call";
import { refusalResult, type Verdict } from "@/gateway/enforce/verdict";
import type { Exchange } from "@/gateway/proxy/exchange";
import { detachedResponder } from "@/gateway/tasks/detached-responder";
import { outcomeOf, statusOf } from "@/gateway/tasks/task-call";
import { TERMINAL, type TaskRow } from "@/gateway/tasks/task-store";

type ApprovalState = { status: "pending" | "approved" | "denied" | "expired"; note: string | null; expired: boolean; expiresAt: Date };

const approvalSql = `SELECT status, note, "expiresAt", "expiresAt" <= (now() AT TIME ZONE 'UTC') AS expired FROM approvals WHERE id = $1`;
const expireSql = `UPDATE approvals SET status = 'expired' WHERE id = $1 AND status = 'pending' AND "expiresAt" <= (now() AT TIME ZONE 'UTC')`;

/** Ends an unclaimed task with the refusal a held call would have been given. */
async function failWith(x: Exchange, task: TaskRow, verdict: Verdict): Promise<TaskRow> {
  const outcome = { result: refusalResult(verdict) as Record<string, unknown> };
  const done = await x.services.tasks.store.finish(task.id, "failed", verdict.reason, outcome, false);
  if (done) {
    x.services.tasks.notify(done);
    audit(x, task, verdict, null);
  }
  return done ?? (await x.services.tasks.store.find(task.grantId, task.taskId)) ?? task;
}

/**
 * The task as it stands after looking at its approval. `wait`: run an approved call before
 * returning (tasks/result); otherwise it runs in the background and the task is returned as claimed.
 */
export async function advance(x: Exchange, task: TaskRow, wait: boolean): Promise<TaskRow> {
  if (task.kind !== "gateway" || TERMINAL.includes(task.status) || task.claimedAt || !task.approvalId) return task;
  const { rows } = await x.services.db.query<ApprovalState>(approvalSql, [task.approvalId]);
  const approval = rows[0];
  const base = { ruleId: task.ruleId, approvalId: task.approvalId };
  if (!approval) return failWith(x, task, { decision: "fail_closed", reason: "The approval request was deleted", ...base });
  if (approval.status === "pending" && !approval.expired) return task;
  if (approval.status === "denied") {
    return failWith(x, task, { decision: "approval_denied", reason: `A person denied this call${approval.note ? `: ${approval.note}` : ""}`, ...base });
  }
  if (approval.status !== "approved") {
    await x.services.db.query(expireSql, [task.approvalId]);
    return failWith(x, task, { decision: "approval_expired", reason: approval.note ?? `Nobody approved this call by ${approval.expiresAt.toISOString()}`, ...base });
  }
  const claimed = await x.services.tasks.store.claim(task);
  if (!claimed) {
    const now = await x.services.tasks.store.find(task.grantId, task.taskId);
    // Still unclaimed although approved: the grant ended (revoked or expired) before the call could run.
    if (now && !now.claimedAt && !TERMINAL.includes(now.status)) {
      return failWith(x, now, { decision: "deny", reason: "The grant was revoked or expired before the approved call could run, so it was not forwarded", ...base });
    }
    return now ?? task;
  }
  x.services.tasks.notify(claimed);
  const running = runClaimed(x, claimed).catch(async (error: Error) => {
    x.services.logger.error({ err: error.message, taskId: claimed.taskId }, "approved task could not be finished");
    // Whether the call ran is unknown: the task fails rather than run it again (at most once).
    const outcome = { error: { code: ErrorCodes.internalError, message: "Warden lost track of this approved call; it was not run again" } };
    return (await x.services.tasks.store.finish(claimed.id, "failed", outcome.error.message, outcome, true).catch(() => null)) ?? claimed;
  });
  return wait ? running : claimed;
}

/** Forwards the claimed call (if the policy and limits still allow it) and keeps its answer. */
async function runClaimed(x: Exchange, task: TaskRow): Promise<TaskRow> {
  const params = task.params ?? {};
  const call = { name: task.toolName, args: (params.arguments ?? {}) as Record<string, unknown>, params };
  const base = { ruleId: task.ruleId ?? "", approvalId: task.approvalId ?? undefined };
  const run: Exchange = { ...x, requestId: `task:${task.taskId}`, responder: detachedResponder() };
  let outcome: Omit<CallOutcome, "policy">;
  const policy = await grantPolicy(run, "call");
  const held = "id" in policy ? await afterApproval(run, call, policy, base) : ({ kind: "refused", verdict: { ...policy, ...base } } as const);
  if (held.kind === "refused") {
    outcome = { message: resultMessage(run.requestId, refusalResult(held.verdict)), verdict: held.verdict, upstreamOutcome: null };
  } else {
    const limited = await takeCounters(run, held.decision.kind === "allow" || held.decision.kind === "approve" ? held.decision.charges : []);
    outcome = limited
      ? { message: resultMessage(run.requestId, refusalResult({ ...limited, approvalId: base.approvalId })), verdict: { ...limited, approvalId: base.approvalId }, upstreamOutcome: null }
      : await forwardToolCall(run, params, held.verdict);
  }
  audit(run, task, outcome.verdict, outcome.upstreamOutcome);
  const stored = outcomeOf(run, outcome.message);
  const { status, statusMessage } = statusOf(stored);
  const done = await x.services.tasks.store.finish(task.id, status, statusMessage, stored, true);
  x.services.tasks.notify(done);
  return done ?? (await x.services.tasks.store.find(task.grantId, task.taskId)) ?? task;
}

/** One audit row for what became of the task's call (its creation was audited as approval_pending). */
function audit(x: Exchange, task: TaskRow, verdict: Verdict, upstreamOutcome: string | null): void {
  const args = ((task.params ?? {}).arguments ?? {}) as Record<string, unknown>;
  x.services.audit.record({
    eventId: randomUUID(), orgId: task.orgId, kind: "gateway", method: "tools/call", serverId: task.serverId, grantId: task.grantId, tool: task.toolName,
    decision: verdict.decision, ruleId: verdict.ruleId, reason: verdict.reason, policyId: task.policyId ?? x.grant.policyId, policyVersion: task.policyVersion,
    argsHash: sha256Hex(canonicalJson(args)), latencyMs: 0, upstreamOutcome, requestId: `task:${task.taskId}`,
    detail: { approvalId: verdict.approvalId ?? task.approvalId, taskId: task.taskId },
  });
}
