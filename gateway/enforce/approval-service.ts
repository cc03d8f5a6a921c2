// Holding a call for a person's approval: an Approval row is created, the call waits for the
// decision (woken by the approvals trigger's NOTIFY, with a slow poll as a backstop), and an
// approval is consumed by one conditional UPDATE, so it releases exactly one call. While it
// waits, an agent that asked for progress hears how long the approval has left. The grant is
// read from the database with every check: once it is revoked or expired, nothing releases the
// call, and a pending approval for it is closed rather than left in the inbox.
import type { Logger } from "pino";
import type { Database } from "@/gateway/state/database";

export type HoldRequest = {
  orgId: string;
  grantId: string;
  serverId: string;
  tool: string;
  args: Record<string, unknown>;
  argsHash: string;
  policyId: string;
  policyVersion: number;
  ruleId: string;
  timeoutSeconds: number;
  /** Called now and then while waiting (progress notifications). */
  onWaiting?: (approvalId: string, elapsedSeconds: number, expiresAt: Date) => void;
  /** When the grant expires (as authenticated); the wait checks the grant again by then. */
  grantExpiresAt?: Date | null;
  /** Aborts the wait (the agent went away). */
  signal?: AbortSignal;
};

export type HoldOutcome =
  | { status: "approved"; approvalId: string }
  | { status: "denied" | "expired"; approvalId: string; note: string | null }
  | { status: "failed"; approvalId: string | null; reason: string }
  /** The grant was revoked or expired while the call waited: the call is refused, whatever the decision. */
  | { status: "grant_ended"; approvalId: string; reason: string };

type Row = {
  status: "pending" | "approved" | "denied" | "expired";
  note: string | null;
  consumedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date | null;
};

const checkSql = `SELECT a.status, a.note, a."consumedAt", g."revokedAt", g."expiresAt" FROM approvals a JOIN grants g ON g.id = a."grantId" WHERE a.id = $1`;

// One statement, so that a grant revoked between the check and this update still releases nothing.
const consumeSql = `UPDATE approvals a SET "consumedAt" = (now() AT TIME ZONE 'UTC')
  WHERE a.id = $1 AND a.status = 'approved' AND a."consumedAt" IS NULL
    AND EXISTS (SELECT 1 FROM grants g WHERE g.id = a."grantId" AND g."revokedAt" IS NULL
                AND (g."expiresAt" IS NULL OR g."expiresAt" > (now() AT TIME ZONE 'UTC')))
  RETURNING a.id`;

/** Why the grant can no longer release a call, or null while it is live. */
function grantEnded(row: Pick<Row, "revokedAt" | "expiresAt">, now = Date.now()): string | null {
  if (row.revokedAt) return `The grant was revoked at ${row.revokedAt.toISOString()} while this call waited for approval, so it was not forwarded`;
  if (row.expiresAt && row.expiresAt.getTime() <= now) {
    return `The grant expired at ${row.expiresAt.toISOString()} while this call waited for approval, so it was not forwarded`;
  }
  return null;
}

const pollMs = 2_000;

export class ApprovalService {
  private readonly waiters = new Map<string, () => void>();
  /** Approvals held here that were woken between two waits: the next wait returns at once. */
  private readonly woken = new Set<string>();
  /** Approval id → grant id, for the calls held here. */
  private readonly holding = new Map<string, string>();

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    private readonly progressMs: number,
  ) {}

  /** A change notification for an approval: wake the call holding it, if it is here. */
  wake(approvalId: string): void {
    const waiter = this.waiters.get(approvalId);
    if (waiter) waiter();
    else if (this.holding.has(approvalId)) this.woken.add(approvalId);
  }

  /** A grant changed (revoked, expiry moved): wake its held calls, which check it again. */
  wakeGrant(grantId: string): void {
    for (const [approvalId, holder] of this.holding) if (holder === grantId) this.wake(approvalId);
  }

  async hold(request: HoldRequest): Promise<HoldOutcome> {
    let approvalId: string;
    const expiresAt = new Date(Date.now() + request.timeoutSeconds * 1000);
    try {
      approvalId = await this.create(request, expiresAt);
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, "approval could not be created");
      return { status: "failed", approvalId: null, reason: "Warden could not create the approval request (its database is unreachable)" };
    }
    this.holding.set(approvalId, request.grantId);
    try {
      return await this.wait(approvalId, request, expiresAt);
    } finally {
      this.waiters.delete(approvalId);
      this.holding.delete(approvalId);
      this.woken.delete(approvalId);
    }
  }

  private async create(request: HoldRequest, expiresAt: Date): Promise<string> {
    const { rows } = await this.db.query<{ id: string }>(
      `INSERT INTO approvals ("orgId", "grantId", "serverId", "toolName", arguments, "argumentsHash", "policyId", "policyVersion", "ruleId", "expiresAt")
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10::timestamp(3)) RETURNING id`,
      [request.orgId, request.grantId, request.serverId, request.tool, JSON.stringify(request.args), request.argsHash, request.policyId,
        request.policyVersion, request.ruleId, expiresAt.toISOString()],
    );
    return rows[0]!.id;
  }

  private async wait(approvalId: string, request: HoldRequest, expiresAt: Date): Promise<HoldOutcome> {
    const started = Date.now();
    let lastProgress = 0;
    for (;;) {
      if (request.signal?.aborted) return this.abandon(approvalId);
      const now = Date.now();
      if (request.onWaiting && now - lastProgress >= this.progressMs) {
        lastProgress = now;
        request.onWaiting(approvalId, Math.floor((now - started) / 1000), expiresAt);
      }
      const outcome = await this.check(approvalId).catch(() => undefined);
      if (outcome) return outcome;
      const remaining = expiresAt.getTime() - Date.now();
      if (remaining <= 0) return this.expire(approvalId);
      // Wake when the grant expires too (plus a little, so the database agrees it has).
      const grantLeft = request.grantExpiresAt ? Math.max(0, request.grantExpiresAt.getTime() - Date.now()) + 50 : Infinity;
      await this.sleep(approvalId, Math.min(remaining, grantLeft, pollMs, this.progressMs), request.signal);
    }
  }

  private sleep(approvalId: string, ms: number, signal: AbortSignal | undefined): Promise<void> {
    if (this.woken.delete(approvalId)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        this.waiters.delete(approvalId);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener("abort", done, { once: true });
      this.waiters.set(approvalId, done);
    });
  }

  /** The decision if one was made; an approval is consumed here, once, and only while its grant is live. */
  private async check(approvalId: string, consuming = true): Promise<HoldOutcome | undefined> {
    const { rows } = await this.db.query<Row>(checkSql, [approvalId]);
    const row = rows[0];
    if (!row) return { status: "failed", approvalId, reason: "The approval request was deleted" };
    if (row.status === "denied" || row.status === "expired") return { status: row.status, approvalId, note: row.note };
    const ended = grantEnded(row);
    if (ended) return this.closeForEndedGrant(approvalId, row.status, ended);
    if (row.status === "pending") return undefined;
    if (!consuming) return { status: "failed", approvalId, reason: "This approval was already used for another call" };
    const consumed = await this.db.query(consumeSql, [approvalId]);
    if (consumed.rowCount === 1) return { status: "approved", approvalId };
    // Either used by another call, or the grant ended a moment ago: look once more to say which.
    return this.check(approvalId, false);
  }

  /** A pending approval of an ended grant is closed (a person can no longer release it); the call is refused. */
  private async closeForEndedGrant(approvalId: string, status: Row["status"], reason: string): Promise<HoldOutcome> {
    if (status === "pending") {
      await this.db
        .query(`UPDATE approvals SET status = 'expired', note = $2 WHERE id = $1 AND status = 'pending'`, [approvalId, reason])
        .catch((error: Error) => this.logger.debug({ err: error.message }, "approval of an ended grant could not be closed"));
    }
    return { status: "grant_ended", approvalId, reason };
  }

  private async expire(approvalId: string): Promise<HoldOutcome> {
    try {
      const updated = await this.db.query(`UPDATE approvals SET status = 'expired' WHERE id = $1 AND status = 'pending' RETURNING id`, [approvalId]);
      if (updated.rowCount === 1) return { status: "expired", approvalId, note: null };
      // Decided at the last moment: honour that decision.
      return (await this.check(approvalId)) ?? { status: "expired", approvalId, note: null };
    } catch {
      return { status: "expired", approvalId, note: null };
    }
  }

  private async abandon(approvalId: string): Promise<HoldOutcome> {
    await this.db
      .query(`UPDATE approvals SET status = 'expired', note = 'The agent disconnected before a decision' WHERE id = $1 AND status = 'pending'`, [approvalId])
      .catch(() => undefined);
    return { status: "expired", approvalId, note: "The agent disconnected before a decision" };
  }
}
