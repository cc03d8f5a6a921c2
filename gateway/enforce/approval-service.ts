// Holding a call for a person's approval: an Approval row is created, the call waits for the
// decision (woken by the approvals trigger's NOTIFY, with a slow poll as a backstop), and an
// approval is consumed by one conditional UPDATE, so it releases exactly one call. While it
// waits, an agent that asked for progress hears how long the approval has left.
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
  /** Aborts the wait (the agent went away). */
  signal?: AbortSignal;
};

export type HoldOutcome =
  | { status: "approved"; approvalId: string }
  | { status: "denied" | "expired"; approvalId: string; note: string | null }
  | { status: "failed"; approvalId: string | null; reason: string };

type Row = { status: "pending" | "approved" | "denied" | "expired"; note: string | null; consumedAt: Date | null };

const pollMs = 2_000;

export class ApprovalService {
  private readonly waiters = new Map<string, () => void>();
  /** Approvals held here that were woken between two waits: the next wait returns at once. */
  private readonly woken = new Set<string>();
  private readonly holding = new Set<string>();

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

  async hold(request: HoldRequest): Promise<HoldOutcome> {
    let approvalId: string;
    const expiresAt = new Date(Date.now() + request.timeoutSeconds * 1000);
    try {
      approvalId = await this.create(request, expiresAt);
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, "approval could not be created");
      return { status: "failed", approvalId: null, reason: "Warden could not create the approval request (its database is unreachable)" };
    }
    this.holding.add(approvalId);
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
      await this.sleep(approvalId, Math.min(remaining, pollMs, this.progressMs), request.signal);
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

  /** The decision if one was made; an approval is consumed here, once. */
  private async check(approvalId: string): Promise<HoldOutcome | undefined> {
    const { rows } = await this.db.query<Row>(`SELECT status, note, "consumedAt" FROM approvals WHERE id = $1`, [approvalId]);
    const row = rows[0];
    if (!row) return { status: "failed", approvalId, reason: "The approval request was deleted" };
    if (row.status === "pending") return undefined;
    if (row.status !== "approved") return { status: row.status, approvalId, note: row.note };
    const consumed = await this.db.query(
      `UPDATE approvals SET "consumedAt" = (now() AT TIME ZONE 'UTC') WHERE id = $1 AND status = 'approved' AND "consumedAt" IS NULL RETURNING id`,
      [approvalId],
    );
    if (consumed.rowCount === 1) return { status: "approved", approvalId };
    return { status: "failed", approvalId, reason: "This approval was already used for another call" };
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
