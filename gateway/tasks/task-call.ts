// A task-augmented tools/call (MCP 2025-11-25, basic/utilities/tasks: "Creating Tasks"). Warden
// declares tasks for tools/call, so such a call is always answered with a CreateTaskResult:
// - it needs a person's approval: the approval and a `working` task are created together, and the
//   call runs (once, on whichever worker is polled first after the approval; see run-task.ts);
// - the upstream offers tasks itself and the call is allowed: `task` is passed on, and the task
//   the upstream creates comes back unchanged, bound to the grant here;
// - otherwise the call is served at once (refused or forwarded) and kept as a finished task.
import { canonicalJson } from "@/lib/policy/canonical-json";
import { sha256Hex } from "@/lib/crypto";
import type { ApproveDecision } from "@/lib/policy";
import { ErrorCodes, errorMessage, resultMessage } from "@/gateway/downstream/jsonrpc";
import type { OutgoingMessage } from "@/gateway/downstream/responder";
import type { HeldCall } from "@/gateway/enforce/hold-for-approval";
import { failClosed, type Verdict } from "@/gateway/enforce/verdict";
import type { Exchange } from "@/gateway/proxy/exchange";
import type { PolicyRecord } from "@/gateway/state/records";
import { storableText, taskObject, type TaskOutcome, type TaskOwner, type TaskRow } from "@/gateway/tasks/task-store";

export const RELATED_TASK_META_KEY = "io.modelcontextprotocol/related-task";
const immediateResponseKey = "io.modelcontextprotocol/model-immediate-response";
/** An upstream's task id longer than this is not bound (the id is indexed; MCP sets no limit). */
const maxUpstreamTaskIdLength = 256;
/** A task kept when the client asked for none (or less): long enough to fetch its result. */
const defaultTtlMs = 3_600_000;

export type TaskCreated = { kind: "task"; message: OutgoingMessage; verdict: Verdict };

/** The `task` of a task-augmented request's params, or undefined. */
export function requestedTask(params: Record<string, unknown>): Record<string, unknown> | undefined {
  const task = params.task;
  return typeof task === "object" && task !== null && !Array.isArray(task) ? (task as Record<string, unknown>) : undefined;
}

/** Whether the upstream serves task-augmented tools/call itself (then `task` is passed on to it). */
export async function upstreamOffersTasks(x: Exchange): Promise<boolean> {
  const capabilities = (await x.upstream.connect()).initializeResult.capabilities as { tasks?: { requests?: { tools?: { call?: unknown } } } };
  return Boolean(capabilities.tasks?.requests?.tools?.call);
}

/** The call without `task` (and without a progress token, whose request will be long over when it runs). */
export function plainCall(params: Record<string, unknown>): Record<string, unknown> {
  const { task: _task, _meta: _ignored, ...rest } = params;
  return rest;
}

/** The lifetime granted: what the client asked, at least `minMs`, at most GATEWAY_TASK_MAX_TTL_MS. */
export function grantedTtlMs(x: Exchange, task: Record<string, unknown>, minMs = 0): number {
  const asked = task.ttl;
  const wanted = typeof asked === "number" && Number.isFinite(asked) && asked > 0 ? asked : defaultTtlMs;
  return Math.round(Math.min(x.services.config.taskMaxTtlMs, Math.max(minMs, wanted)));
}

export function owner(x: Exchange, toolName: string, ttlMs: number): TaskOwner {
  return {
    orgId: x.grant.orgId, grantId: x.grant.id, serverId: x.server.id, sessionId: x.session?.id ?? null, toolName, ttlMs,
    pollIntervalMs: x.services.config.taskPollIntervalMs,
  };
}

/**
 * A task-augmented call may be answered only while the grant has room for one more live task, and
 * its organization too (all its grants together: grants are not limited, the tasks they keep are).
 */
export async function taskRoomRefusal(x: Exchange): Promise<OutgoingMessage | null> {
  const { tasksPerGrant, tasksPerOrg } = x.services.config;
  let live: number;
  let orgLive: number;
  try {
    live = await x.services.tasks.store.liveCount(x.grant.id);
    orgLive = live < tasksPerGrant ? await x.services.tasks.store.orgLiveCount(x.grant.orgId, tasksPerOrg) : 0;
  } catch {
    return errorMessage(x.requestId, ErrorCodes.internalError, "Warden cannot create a task right now (its database is unreachable), so the call was not forwarded");
  }
  if (live >= tasksPerGrant) {
    return errorMessage(x.requestId, ErrorCodes.invalidRequest, `This grant already holds ${tasksPerGrant} tasks (GATEWAY_TASKS_PER_GRANT); fetch or cancel some, or wait for them to expire`);
  }
  if (orgLive < tasksPerOrg) return null;
  return errorMessage(x.requestId, ErrorCodes.invalidRequest, `This organization's grants already hold ${tasksPerOrg} tasks together (GATEWAY_TASKS_PER_ORG); fetch or cancel some, or wait for them to expire`);
}

function created(x: Exchange, task: TaskRow, verdict: Verdict): TaskCreated {
  const message = resultMessage(x.requestId, {
    task: taskObject(task),
    _meta: { [immediateResponseKey]: task.statusMessage ?? "Warden is working on this call; its result will be available through tasks/result." },
  });
  return { kind: "task", message, verdict };
}

/** The approval step of a task-augmented call: a pending approval and its task, answered at once. */
export async function taskForApproval(x: Exchange, call: HeldCall, task: Record<string, unknown>, decision: ApproveDecision, policy: PolicyRecord): Promise<TaskCreated | { kind: "refused"; verdict: Verdict }> {
  const ttlMs = grantedTtlMs(x, task, decision.timeoutSeconds * 1000 + 600_000);
  try {
    const row = await x.services.tasks.store.openForApproval({
      ...owner(x, call.name, ttlMs), args: call.args, argsHash: sha256Hex(canonicalJson(call.args)), params: plainCall(call.params),
      policyId: policy.id, policyVersion: policy.version, ruleId: decision.ruleId, timeoutSeconds: decision.timeoutSeconds,
      appUrl: `${x.services.config.appUrl.replace(/\/+$/, "")}/`,
    });
    return created(x, row, { decision: "approval_pending", ruleId: decision.ruleId, reason: "The call became a task that runs once a person approves it", approvalId: row.approvalId ?? undefined });
  } catch (error) {
    x.services.logger.warn({ err: (error as Error).message }, "approval task could not be created");
    return { kind: "refused", verdict: { ...failClosed("Warden could not create the approval request (its database is unreachable)"), ruleId: decision.ruleId } };
  }
}

/** What tasks/result will answer, from a tools/call answer; a result past GATEWAY_TASK_RESULT_MAX_BYTES is replaced by an error. */
export function outcomeOf(x: Exchange, message: OutgoingMessage): TaskOutcome {
  if ("error" in message) return { error: message.error as { code: number; message: string; data?: unknown } };
  const result = message.result as Record<string, unknown>;
  const bytes = Buffer.byteLength(JSON.stringify(result));
  const max = x.services.config.taskResultMaxBytes;
  if (bytes <= max) return { result };
  return { error: { code: ErrorCodes.internalError, message: `The tool's answer (${bytes} bytes) is larger than Warden keeps for a task (${max} bytes, GATEWAY_TASK_RESULT_MAX_BYTES)` } };
}

export function statusOf(outcome: TaskOutcome): { status: "completed" | "failed"; statusMessage: string | null } {
  if ("error" in outcome) return { status: "failed", statusMessage: outcome.error.message };
  if (outcome.result.isError === true) return { status: "failed", statusMessage: "The tool call ended with isError" };
  return { status: "completed", statusMessage: null };
}

/**
 * A task-augmented call answered without waiting for a person: the upstream's own task is bound
 * to the grant and passed on unchanged; any other answer is kept as a finished task of Warden's.
 */
export async function answerAsTask(x: Exchange, toolName: string, task: Record<string, unknown>, message: OutgoingMessage): Promise<OutgoingMessage> {
  const upstreamTask = ("result" in message ? (message.result as { task?: { taskId?: unknown; status?: unknown; statusMessage?: unknown } }).task : undefined);
  try {
    if (upstreamTask && typeof upstreamTask.taskId === "string" && typeof upstreamTask.status === "string") {
      if (upstreamTask.taskId.length > maxUpstreamTaskIdLength || storableText(upstreamTask.taskId) !== upstreamTask.taskId) {
        return errorMessage(x.requestId, ErrorCodes.internalError, "The upstream server created a task whose id Warden cannot keep (too long or unstorable)");
      }
      const ttl = typeof (upstreamTask as { ttl?: unknown }).ttl === "number" ? (upstreamTask as { ttl: number }).ttl : defaultTtlMs;
      const bound = await x.services.tasks.store.bindUpstream(owner(x, toolName, Math.min(ttl, x.services.config.taskMaxTtlMs)), {
        taskId: upstreamTask.taskId, status: upstreamTask.status, statusMessage: typeof upstreamTask.statusMessage === "string" ? upstreamTask.statusMessage : undefined,
      });
      if (!bound) x.services.logger.warn({ serverId: x.server.id }, "an upstream task id was already bound; it is not visible through Warden");
      return message;
    }
    const outcome = outcomeOf(x, message);
    const { status, statusMessage } = statusOf(outcome);
    const row = await x.services.tasks.store.openDone(owner(x, toolName, grantedTtlMs(x, task)), status, statusMessage, outcome);
    return created(x, row, { decision: "allow", ruleId: null, reason: null }).message;
  } catch (error) {
    x.services.logger.warn({ err: (error as Error).message }, "task could not be stored");
    return errorMessage(x.requestId, ErrorCodes.internalError, "Warden could not store this call's task (its database is unreachable)");
  }
}
