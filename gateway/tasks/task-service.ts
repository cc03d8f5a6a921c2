// A worker's part in MCP tasks: the Postgres store every worker shares, the tasks/result requests
// blocked here until their task ends (woken by the approvals NOTIFY, with a slow poll as a
// backstop for tasks another worker finishes), status notifications to the sessions held here,
// and the cleanup of expired tasks.
import type { Logger } from "pino";
import type { SessionStore } from "@/gateway/downstream/sessions";
import { CLEANUP_BATCH, taskObject, TaskStore, type TaskRow } from "@/gateway/tasks/task-store";
import type { Database } from "@/gateway/state/database";
import { deleteInBatches } from "@/gateway/state/delete-in-batches";

/**
 * tasks/result requests one worker keeps blocked at once, in all and per grant (so one grant
 * cannot take every place); beyond, they are answered with an error and the client polls tasks/get.
 */
const maxWaiting = 1_000;
const maxWaitingPerGrant = 16;
const pollMs = 1_000;

export class TaskService {
  readonly store: TaskStore;
  private readonly waiters = new Map<string, Set<() => void>>();
  private waiting = 0;
  private readonly waitingByGrant = new Map<string, number>();

  constructor(
    db: Database,
    private readonly sessions: SessionStore,
    private readonly logger: Logger,
  ) {
    this.store = new TaskStore(db);
  }

  /** An approval changed: wake the tasks/result requests here that wait on it. */
  approvalChanged(approvalId: string): void {
    for (const wake of this.waiters.get(approvalId) ?? []) wake();
  }

  /** Reserves a place for one blocked tasks/result; false at the worker's or the grant's cap. */
  reserveWait(grantId: string): boolean {
    const mine = this.waitingByGrant.get(grantId) ?? 0;
    if (this.waiting >= maxWaiting || mine >= maxWaitingPerGrant) return false;
    this.waiting += 1;
    this.waitingByGrant.set(grantId, mine + 1);
    return true;
  }

  releaseWait(grantId: string): void {
    this.waiting -= 1;
    const left = (this.waitingByGrant.get(grantId) ?? 1) - 1;
    if (left > 0) this.waitingByGrant.set(grantId, left);
    else this.waitingByGrant.delete(grantId);
  }

  /** Sleeps until the task's approval changes, `pollMs` passes, or the request is aborted. */
  sleep(task: TaskRow, signal: AbortSignal): Promise<void> {
    const key = task.approvalId ?? task.id;
    return new Promise((resolve) => {
      const set = this.waiters.get(key) ?? new Set<() => void>();
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        set.delete(done);
        if (set.size === 0) this.waiters.delete(key);
        resolve();
      };
      const timer = setTimeout(done, pollMs);
      signal.addEventListener("abort", done, { once: true });
      set.add(done);
      this.waiters.set(key, set);
    });
  }

  /** notifications/tasks/status to the session that created the task, when that session is held by this worker. */
  notify(task: TaskRow | null): void {
    if (!task?.sessionId) return;
    this.sessions.get(task.sessionId, task.grantId)?.stream?.send({ jsonrpc: "2.0", method: "notifications/tasks/status", params: taskObject(task) });
  }

  async cleanup(): Promise<void> {
    const deleted = await deleteInBatches(() => this.store.cleanup(), CLEANUP_BATCH);
    if (deleted > 0) this.logger.debug({ deleted }, "expired tasks deleted");
  }
}
