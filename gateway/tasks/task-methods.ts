// tasks/get, tasks/result, tasks/list and tasks/cancel (MCP 2025-11-25, basic/utilities/tasks),
// answered by any worker from the grant's rows. A task id of another grant, an expired one or an
// unknown one is the same -32602 "Task not found". Tasks the upstream created are passed on to
// it unchanged (after the grant check); Warden's own are answered here.
import type { Result } from "@modelcontextprotocol/sdk/types.js";
import { ErrorCodes, errorMessage, resultMessage, type Params } from "@/gateway/downstream/jsonrpc";
import type { OutgoingMessage } from "@/gateway/downstream/responder";
import type { Exchange } from "@/gateway/proxy/exchange";
import { forward } from "@/gateway/proxy/forward";
import { advance } from "@/gateway/tasks/run-task";
import { RELATED_TASK_META_KEY } from "@/gateway/tasks/task-call";
import { taskObject, TERMINAL, type TaskRow } from "@/gateway/tasks/task-store";

export const TASK_METHODS = ["tasks/get", "tasks/result", "tasks/list", "tasks/cancel"] as const;
const pageSize = 50;

const notFound = (x: Exchange, what: string) => errorMessage(x.requestId, ErrorCodes.invalidParams, `${what}: Task not found`);

async function findTask(x: Exchange, params: Params | undefined): Promise<TaskRow | null> {
  const taskId = params?.taskId;
  if (typeof taskId !== "string" || taskId === "" || taskId.length > 256) return null;
  return x.services.tasks.store.find(x.grant.id, taskId);
}

/** An upstream task: its request goes to the upstream as sent, and what it says of the status is kept for tasks/list. */
async function upstreamTask(x: Exchange, task: TaskRow, method: string, params: Params | undefined): Promise<OutgoingMessage> {
  const result = (await forward(x, method, params)) as Result & { status?: unknown; statusMessage?: unknown };
  if (method !== "tasks/result" && typeof result.status === "string") {
    await x.services.tasks.store.note(task.id, result.status, typeof result.statusMessage === "string" ? result.statusMessage : null);
  }
  return resultMessage(x.requestId, result);
}

/** Blocks until the task ends (the spec asks that of tasks/result), then answers what tools/call would have. */
async function taskResult(x: Exchange, found: TaskRow): Promise<OutgoingMessage> {
  let task = found;
  const { tasks } = x.services;
  if (!TERMINAL.includes(task.status)) {
    if (!tasks.reserveWait(x.grant.id)) return errorMessage(x.requestId, ErrorCodes.internalError, "Too many tasks/result requests are waiting on this worker; poll with tasks/get");
    const controller = new AbortController();
    x.responder.onAbort(() => controller.abort());
    try {
      for (;;) {
        task = await advance(x, task, true);
        if (TERMINAL.includes(task.status) || controller.signal.aborted) break;
        await tasks.sleep(task, controller.signal);
        const now = await tasks.store.find(x.grant.id, task.taskId);
        if (!now) return notFound(x, "Failed to retrieve task result");
        task = now;
      }
    } finally {
      tasks.releaseWait(x.grant.id);
    }
    if (!TERMINAL.includes(task.status)) return errorMessage(x.requestId, ErrorCodes.requestTimeout, "The request was cancelled before the task ended");
  }
  const outcome = await tasks.store.outcome(task.id);
  const related = { [RELATED_TASK_META_KEY]: { taskId: task.taskId } };
  if (!outcome) return errorMessage(x.requestId, ErrorCodes.internalError, "The task ended without a result", { _meta: related });
  if ("error" in outcome) return errorMessage(x.requestId, outcome.error.code, outcome.error.message, outcome.error.data);
  const meta = (outcome.result._meta ?? {}) as Record<string, unknown>;
  return resultMessage(x.requestId, { ...outcome.result, _meta: { ...meta, ...related } });
}

// A cursor is base64url("<createdAt ms>|<row id>") of the last task on the page before. It is
// honoured only while it names a task of this grant with that time (TaskStore.list checks), so a
// made-up, altered or another grant's cursor is -32602 like garbage, as the spec asks.
const CURSOR = /^(\d{1,15})\|(tsk_[0-9a-f]{32})$/;
const LAST_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

function decodeCursor(cursor: unknown): { createdAt: Date; id: string } | null | "invalid" {
  if (cursor === undefined) return null;
  if (typeof cursor !== "string" || cursor.length > 100 || !/^[\w-]+$/.test(cursor)) return "invalid";
  const match = CURSOR.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  const millis = Number(match?.[1]);
  return match && millis <= LAST_MS ? { createdAt: new Date(millis), id: match[2]! } : "invalid";
}

const encodeCursor = (task: TaskRow) => Buffer.from(`${task.createdAt.getTime()}|${task.id}`).toString("base64url");

async function listTasks(x: Exchange, params: Params | undefined): Promise<OutgoingMessage> {
  const after = decodeCursor(params?.cursor);
  const rows = after === "invalid" ? null : await x.services.tasks.store.list(x.grant.id, after, pageSize + 1);
  if (!rows) return errorMessage(x.requestId, ErrorCodes.invalidParams, "Invalid cursor");
  const page = rows.slice(0, pageSize);
  const last = page[page.length - 1];
  const nextCursor = rows.length > pageSize && last ? encodeCursor(last) : undefined;
  return resultMessage(x.requestId, { tasks: page.map(taskObject), ...(nextCursor ? { nextCursor } : {}) });
}

async function cancelTask(x: Exchange, task: TaskRow): Promise<OutgoingMessage> {
  const terminal = (status: string) => errorMessage(x.requestId, ErrorCodes.invalidParams, `Cannot cancel task: already in terminal status '${status}'`);
  if (TERMINAL.includes(task.status)) return terminal(task.status);
  const outcome = { error: { code: ErrorCodes.internalError, message: "The task was cancelled before it completed" } };
  const cancelled = await x.services.tasks.store.finish(task.id, "cancelled", "The task was cancelled by request.", outcome, true);
  if (!cancelled) return terminal((await x.services.tasks.store.find(x.grant.id, task.taskId))?.status ?? "completed");
  // Its approval leaves the inbox: nobody needs to decide a call the agent no longer wants.
  if (task.approvalId) {
    await x.services.db.query(`UPDATE approvals SET status = 'expired', note = 'The agent cancelled the task' WHERE id = $1 AND status = 'pending'`, [task.approvalId]);
  }
  x.services.tasks.notify(cancelled);
  return resultMessage(x.requestId, taskObject(cancelled));
}

const notFoundWhat: Record<string, string> = {
  "tasks/get": "Failed to retrieve task",
  "tasks/result": "Failed to retrieve task result",
  "tasks/cancel": "Failed to cancel task",
};

/** Serves one tasks/* request of the grant; the upstream's own tasks are its to answer (dispatch turns its failures into errors). */
export async function handleTaskMethod(x: Exchange, method: string, params: Params | undefined): Promise<OutgoingMessage> {
  let task: TaskRow | null = null;
  try {
    if (method === "tasks/list") return await listTasks(x, params);
    task = await findTask(x, params);
    if (!task) return notFound(x, notFoundWhat[method] ?? "Failed to retrieve task");
    if (task.kind === "upstream") return await upstreamTask(x, task, method, params);
    if (method === "tasks/get") return resultMessage(x.requestId, taskObject(await advance(x, task, false)));
    if (method === "tasks/result") return await taskResult(x, task);
    return await cancelTask(x, task);
  } catch (error) {
    if (task?.kind === "upstream") throw error;
    x.services.logger.warn({ method, err: (error as Error).message }, "task request failed");
    return errorMessage(x.requestId, ErrorCodes.internalError, "Warden cannot answer for this task right now; try again shortly");
  }
}
