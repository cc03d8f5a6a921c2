// The rows behind MCP tasks (2025-11-25, basic/utilities/tasks): every read carries the grant,
// so a task id from another grant is "not found"; every change of status is one conditional
// UPDATE, so of two workers answering the same task at once, exactly one claims the approved call
// and forwards it, and a cancelled or finished task never changes again.
import type { Database } from "@/gateway/state/database";

export type TaskStatus = "working" | "input_required" | "completed" | "failed" | "cancelled";
export const TERMINAL: readonly TaskStatus[] = ["completed", "failed", "cancelled"];

/** What tasks/result answers: the tool's result or a JSON-RPC error, exactly as tools/call would have. */
export type TaskOutcome = { result: Record<string, unknown> } | { error: { code: number; message: string; data?: unknown } };

export type TaskRow = {
  id: string;
  taskId: string;
  kind: "gateway" | "upstream";
  orgId: string;
  grantId: string;
  serverId: string;
  sessionId: string | null;
  toolName: string;
  params: Record<string, unknown> | null;
  approvalId: string | null;
  policyId: string | null;
  policyVersion: number | null;
  ruleId: string | null;
  status: TaskStatus;
  statusMessage: string | null;
  ttlMs: number;
  pollIntervalMs: number;
  claimedAt: Date | null;
  createdAt: Date;
  lastUpdatedAt: Date;
};

/** The Task object of the spec (tasks/get, tasks/list, tasks/cancel, notifications/tasks/status, CreateTaskResult.task). */
export function taskObject(row: TaskRow): Record<string, unknown> {
  return {
    taskId: row.taskId, status: row.status, ...(row.statusMessage ? { statusMessage: row.statusMessage } : {}),
    createdAt: row.createdAt.toISOString(), lastUpdatedAt: row.lastUpdatedAt.toISOString(), ttl: row.ttlMs, pollInterval: row.pollIntervalMs,
  };
}

const now = `(now() AT TIME ZONE 'UTC')`;

/** Longest statusMessage kept (an upstream's or a tool's error text may be megabytes). */
const STATUS_MESSAGE_MAX = 1_000;
// Postgres text refuses NUL, and a cut may split a surrogate pair: both are dropped.
const UNSTORABLE = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** A status or message as it can be stored: storable characters only, at most `max` of them. */
export function storableText(text: string | null | undefined, max = STATUS_MESSAGE_MAX): string | null {
  if (text === null || text === undefined) return null;
  return text.slice(0, max).replace(UNSTORABLE, "");
}
const columns = `t.id, t."taskId", t.kind, t."orgId", t."grantId", t."serverId", t."sessionId", t."toolName", t.params, t."approvalId", t."policyId",
  t."policyVersion", t."ruleId", t.status, t."statusMessage", t."ttlMs", t."pollIntervalMs", t."claimedAt", t."createdAt", t."lastUpdatedAt"`;
const newId = `(SELECT 'tsk_' || replace(gen_random_uuid()::text, '-', '') AS id) n`;
const insertColumns = `(id, "taskId", "orgId", "grantId", "serverId", kind, "sessionId", "toolName", params, "approvalId", "policyId", "policyVersion", "ruleId",
  status, "statusMessage", outcome, "ttlMs", "pollIntervalMs", "createdAt", "lastUpdatedAt", "expiresAt")`;

export type TaskOwner = { orgId: string; grantId: string; serverId: string; sessionId: string | null; toolName: string; ttlMs: number; pollIntervalMs: number };

export type ApprovalTaskRequest = TaskOwner & {
  args: Record<string, unknown>;
  argsHash: string;
  params: Record<string, unknown>;
  policyId: string;
  policyVersion: number;
  ruleId: string;
  timeoutSeconds: number;
  /** The app's approvals base, `${APP_URL}/` (the statusMessage names the approval's page). */
  appUrl: string;
};

// The approval (mode 'task': no retry or held call can consume it) and its task, in one statement.
const openApprovalSql = `WITH approval AS (
    INSERT INTO approvals ("orgId", "grantId", "serverId", "toolName", arguments, "argumentsHash", "policyId", "policyVersion", "ruleId", "expiresAt", mode)
    VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, ${now} + make_interval(secs => $10), 'task')
    RETURNING id, "expiresAt")
  INSERT INTO gateway_tasks AS t ${insertColumns}
  SELECT n.id, n.id, $1, $2, $3, 'gateway', $11, $4, $12::jsonb, a.id, $7, $8, $9, 'working',
    'Waiting for a person to approve this call in Warden (approval ' || a.id || ', page ' || $13 || (SELECT o.slug FROM organizations o WHERE o.id = $1)
      || '/approvals/' || a.id || ', decision due by ' || to_char(a."expiresAt", 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || ')',
    NULL, $14::int, $15::int, ${now}, ${now}, ${now} + make_interval(secs => $14::int / 1000.0)
  FROM approval a, ${newId}
  RETURNING ${columns}`;

const openDoneSql = `INSERT INTO gateway_tasks AS t ${insertColumns}
  SELECT n.id, n.id, $1, $2, $3, 'gateway', $4, $5, NULL, NULL, NULL, NULL, NULL, $6, $7, $8, $9::int, $10::int, ${now}, ${now}, ${now} + make_interval(secs => $9::int / 1000.0)
  FROM ${newId}
  RETURNING ${columns}`;

// An upstream's task id is unique on its server; a clash (never expected) binds nothing, so no grant sees another's task.
const bindUpstreamSql = `INSERT INTO gateway_tasks AS t ${insertColumns}
  SELECT n.id, $6, $1, $2, $3, 'upstream', $4, $5, NULL, NULL, NULL, NULL, NULL, $7, $8, NULL, $9::int, $10::int, ${now}, ${now}, ${now} + make_interval(secs => $9::int / 1000.0)
  FROM ${newId}
  ON CONFLICT ("serverId", "taskId") DO NOTHING
  RETURNING ${columns}`;

// Only while the grant is live: a tasks/result waiting when the grant is revoked finds nothing more.
const findSql = `SELECT ${columns} FROM gateway_tasks t WHERE t."grantId" = $1 AND t."taskId" = $2 AND t."expiresAt" > ${now}
  AND EXISTS (SELECT 1 FROM grants g WHERE g.id = t."grantId" AND g."revokedAt" IS NULL AND (g."expiresAt" IS NULL OR g."expiresAt" > ${now}))`;
const outcomeSql = `SELECT outcome FROM gateway_tasks WHERE id = $1`;
const liveCountSql = `SELECT count(*)::int AS n FROM gateway_tasks WHERE "grantId" = $1 AND "expiresAt" > ${now}`;
// Stops counting at the cap, on the (orgId, expiresAt) index.
const orgLiveCountSql = `SELECT count(*)::int AS n FROM (SELECT 1 FROM gateway_tasks WHERE "orgId" = $1 AND "expiresAt" > ${now} LIMIT $2) live`;

const listSql = `SELECT ${columns} FROM gateway_tasks t
  WHERE t."grantId" = $1 AND t."expiresAt" > ${now} AND ($2::timestamp(3) IS NULL OR (t."createdAt", t.id) < ($2::timestamp(3), $3))
  ORDER BY t."createdAt" DESC, t.id DESC LIMIT $4`;
// A cursor's task: this grant's, created at that time (expired or not, while the row is kept).
const anchorSql = `SELECT 1 FROM gateway_tasks WHERE id = $2 AND "grantId" = $1 AND "createdAt" = $3::timestamp(3)`;

// Consumes the approval and claims the call in one statement: one worker forwards it, once.
const claimSql = `WITH consumed AS (
    UPDATE approvals a SET "consumedAt" = ${now}
    WHERE a.id = $2 AND a.status = 'approved' AND a."consumedAt" IS NULL
      AND EXISTS (SELECT 1 FROM grants g WHERE g.id = a."grantId" AND g."revokedAt" IS NULL AND (g."expiresAt" IS NULL OR g."expiresAt" > ${now}))
    RETURNING a.id)
  UPDATE gateway_tasks t SET "claimedAt" = ${now}, "lastUpdatedAt" = ${now}, "statusMessage" = 'Approved; Warden is forwarding the call'
  WHERE t.id = $1 AND t."approvalId" IN (SELECT id FROM consumed) AND t.status = 'working' AND t."claimedAt" IS NULL
  RETURNING ${columns}`;

// A task ends once: a cancelled task stays cancelled even if its call completes afterwards.
const finishSql = `UPDATE gateway_tasks t SET status = $2, "statusMessage" = $3, outcome = $4, "lastUpdatedAt" = ${now}
  WHERE t.id = $1 AND t.status IN ('working', 'input_required') AND ($5 OR t."claimedAt" IS NULL)
  RETURNING ${columns}`;

const cleanupSql = `DELETE FROM gateway_tasks WHERE ctid IN (SELECT ctid FROM gateway_tasks WHERE "expiresAt" <= ${now} LIMIT $1)`;
/** Expired tasks deleted per statement. */
export const CLEANUP_BATCH = 1_000;

export class TaskStore {
  constructor(private readonly db: Database) {}

  async openForApproval(request: ApprovalTaskRequest): Promise<TaskRow> {
    const { rows } = await this.db.query<TaskRow>(openApprovalSql, [
      request.orgId, request.grantId, request.serverId, request.toolName, JSON.stringify(request.args), request.argsHash, request.policyId,
      request.policyVersion, request.ruleId, request.timeoutSeconds, request.sessionId, JSON.stringify(request.params), request.appUrl,
      request.ttlMs, request.pollIntervalMs,
    ]);
    return rows[0]!;
  }

  /** A task that is already over: the call was answered at once (refused, or forwarded and answered). */
  async openDone(owner: TaskOwner, status: TaskStatus, statusMessage: string | null, outcome: TaskOutcome): Promise<TaskRow> {
    const { rows } = await this.db.query<TaskRow>(openDoneSql, [
      owner.orgId, owner.grantId, owner.serverId, owner.sessionId, owner.toolName, status, storableText(statusMessage), JSON.stringify(outcome), owner.ttlMs, owner.pollIntervalMs,
    ]);
    return rows[0]!;
  }

  /** Binds a task the upstream created to the grant; null when its id is already bound (then nobody else sees it either). */
  async bindUpstream(owner: TaskOwner, task: { taskId: string; status: string; statusMessage?: string }): Promise<TaskRow | null> {
    const { rows } = await this.db.query<TaskRow>(bindUpstreamSql, [
      owner.orgId, owner.grantId, owner.serverId, owner.sessionId, owner.toolName, task.taskId, storableText(task.status, 32), storableText(task.statusMessage), owner.ttlMs, owner.pollIntervalMs,
    ]);
    return rows[0] ?? null;
  }

  /** The grant's live task with this id; another grant's, or an expired one, is not found. */
  async find(grantId: string, taskId: string): Promise<TaskRow | null> {
    return (await this.db.query<TaskRow>(findSql, [grantId, taskId])).rows[0] ?? null;
  }

  async outcome(id: string): Promise<TaskOutcome | null> {
    const stored = (await this.db.query<{ outcome: string | null }>(outcomeSql, [id])).rows[0]?.outcome;
    return stored ? (JSON.parse(stored) as TaskOutcome) : null;
  }

  async liveCount(grantId: string): Promise<number> {
    return (await this.db.query<{ n: number }>(liveCountSql, [grantId])).rows[0]?.n ?? 0;
  }

  /** The organization's live tasks, counted up to `max`. */
  async orgLiveCount(orgId: string, max: number): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>(orgLiveCountSql, [orgId, max]);
    return rows[0]?.n ?? 0;
  }

  /**
   * One page of the grant's live tasks, newest first, after the (createdAt, id) of the cursor; null
   * when the cursor names no task of this grant at that time (the cursor was not Warden's for it,
   * or its task was deleted after expiring: the client starts over).
   */
  async list(grantId: string, after: { createdAt: Date; id: string } | null, limit: number): Promise<TaskRow[] | null> {
    const at = after?.createdAt.toISOString().replace("Z", "") ?? null;
    if (after && (await this.db.query(anchorSql, [grantId, after.id, at])).rows.length === 0) return null;
    const { rows } = await this.db.query<TaskRow>(listSql, [grantId, at, after?.id ?? "", limit]);
    return rows;
  }

  /** Consumes the task's approval and claims its call; null when another worker did, or it is over. */
  async claim(task: TaskRow): Promise<TaskRow | null> {
    return (await this.db.query<TaskRow>(claimSql, [task.id, task.approvalId])).rows[0] ?? null;
  }

  /**
   * Ends a task that is still going. `claimed`: the caller forwarded the call (it may end a claimed
   * task); otherwise only an unclaimed one ends (a denial, an expiry or a cancel before the call ran).
   */
  async finish(id: string, status: TaskStatus, statusMessage: string | null, outcome: TaskOutcome | null, claimed: boolean): Promise<TaskRow | null> {
    const { rows } = await this.db.query<TaskRow>(finishSql, [id, status, storableText(statusMessage), outcome === null ? null : JSON.stringify(outcome), claimed]);
    return rows[0] ?? null;
  }

  /** Refreshes what is known of an upstream task (for tasks/list). */
  async note(id: string, status: string, statusMessage: string | null): Promise<void> {
    await this.db.query(`UPDATE gateway_tasks SET status = $2, "statusMessage" = $3, "lastUpdatedAt" = ${now} WHERE id = $1 AND kind = 'upstream'`, [id, storableText(status, 32), storableText(statusMessage)]);
  }

  /** Deletes up to CLEANUP_BATCH expired tasks; returns how many. */
  async cleanup(): Promise<number> {
    return (await this.db.query(cleanupSql, [CLEANUP_BATCH])).rowCount ?? 0;
  }
}
