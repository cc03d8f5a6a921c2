// Delivers the webhook outbox (webhook_deliveries). Any number of gateway workers run this job:
// each claims due rows with one UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED), which sets
// a lease, so a row is sent by one worker at a time; a worker that dies mid-send leaves a lease
// that expires, and another worker retries. Claims go organization by organization, each up to
// its free slots, so one tenant's slow endpoint holds at most `perOrg` of a worker's sends.
import type { Logger } from "pino";
import type { Database } from "@/gateway/state/database";
import { decryptSecret } from "@/lib/crypto";
import { createGuardedAgents, type GuardedAgents } from "@/lib/net/guarded-agents";
import type { WebhookFormat } from "@/lib/schemas/webhook";
import { postWebhook, retryDelayMs, type SendOutcome } from "@/lib/webhooks/delivery";
import { renderBody } from "@/lib/webhooks/format";
import { signHeader } from "@/lib/webhooks/signature";
import { OutboxLoop } from "@/gateway/notify/outbox-loop";

export type DeliveryJobOptions = {
  appUrl: string;
  allowPrivate: boolean;
  timeoutMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  perOrg: number;
  /** Sends in flight on this worker, all organizations together. */
  maxInFlight: number;
  /** Due retries are found by polling this often (new deliveries wake the job at once). */
  pollMs: number;
};

type Claimed = {
  id: string; orgId: string; event: string; payload: Record<string, unknown>; attempts: number; createdAt: Date;
  url: string; format: WebhookFormat; secretCiphertext: string; secretKeyId: string;
};

const utcNow = `(now() AT TIME ZONE 'UTC')`;

// The organization whose delivery has waited longest first: with more than 200 due, none waits behind the others for ever.
const dueOrgsSql = `SELECT "orgId" FROM webhook_deliveries
  WHERE status = 'pending' AND "nextAttemptAt" <= ${utcNow} AND ("leaseUntil" IS NULL OR "leaseUntil" < ${utcNow})
  GROUP BY "orgId" ORDER BY min("nextAttemptAt") LIMIT 200`;

const claimSql = `UPDATE webhook_deliveries d
  SET "leaseUntil" = ${utcNow} + make_interval(secs => $3::double precision / 1000), attempts = d.attempts + 1, "updatedAt" = ${utcNow}
  FROM webhooks w
  WHERE w.id = d."webhookId" AND d.id IN (
    SELECT id FROM webhook_deliveries
    WHERE "orgId" = $1 AND status = 'pending' AND "nextAttemptAt" <= ${utcNow} AND ("leaseUntil" IS NULL OR "leaseUntil" < ${utcNow})
    ORDER BY "nextAttemptAt" LIMIT $2 FOR UPDATE SKIP LOCKED)
  RETURNING d.id, d."orgId", d.event, d.payload, d.attempts, d."createdAt", w.url, w.format, w."secretCiphertext", w."secretKeyId"`;

// The lease (attempts was raised by the claim) is cleared; the attempt is appended to the log.
const recordSql = `UPDATE webhook_deliveries SET
    status = $2, "lastStatusCode" = $3, "lastError" = $4, "leaseUntil" = NULL, "updatedAt" = ${utcNow},
    "nextAttemptAt" = ${utcNow} + make_interval(secs => $5::double precision / 1000),
    "deliveredAt" = CASE WHEN $2 = 'succeeded' THEN ${utcNow} ELSE NULL END,
    "attemptLog" = "attemptLog" || jsonb_build_array(jsonb_build_object('at', to_char(${utcNow}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'statusCode', $3::int, 'error', $4::text, 'durationMs', $6::int))
  WHERE id = $1`;

// Finished deliveries are kept 30 days for the log, then removed (any worker may do it; it is idempotent).
const pruneSql = `DELETE FROM webhook_deliveries WHERE status <> 'pending' AND "updatedAt" < ${utcNow} - interval '30 days'`;

export class WebhookDeliveryJob {
  private readonly agents: GuardedAgents;
  private readonly loop: OutboxLoop;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    private readonly options: DeliveryJobOptions,
  ) {
    // Sockets per origin are not the limit (tenants may share an origin, e.g. Slack's): the per-organization slots are.
    this.agents = createGuardedAgents({ allowPrivate: options.allowPrivate }, { maxSockets: options.maxInFlight, connectTimeoutMs: options.timeoutMs });
    this.loop = new OutboxLoop(() => this.claimAll(), options.pollMs, (error) => this.logger.debug({ err: error.message }, "webhook claim failed"), () => this.db.query(pruneSql));
  }

  start(): void {
    this.loop.start();
  }

  /** Look for due deliveries now (a new one was enqueued, or a send finished). */
  nudge(): void {
    this.loop.nudge();
  }

  private async claimAll(): Promise<void> {
    const { rows } = await this.db.query<{ orgId: string }>(dueOrgsSql);
    // A random order: no organization is always first to the worker's remaining slots.
    for (const { orgId } of rows.sort(() => Math.random() - 0.5)) {
      const free = this.loop.freeSlots(orgId, this.options.perOrg, this.options.maxInFlight);
      if (free <= 0) continue;
      const leaseMs = this.options.timeoutMs * 2 + 30_000;
      const claimed = await this.db.query<Claimed>(claimSql, [orgId, free, leaseMs]);
      for (const row of claimed.rows) this.track(row);
    }
  }

  private track(row: Claimed): void {
    this.loop.track(row.orgId, () =>
      this.deliver(row).catch((error: Error) => this.logger.warn({ err: error.message, deliveryId: row.id }, "webhook delivery could not be recorded")),
    );
  }

  private async deliver(row: Claimed): Promise<void> {
    const body = renderBody(row.format, { id: row.id, event: row.event, payload: row.payload, createdAt: row.createdAt }, this.options.appUrl);
    const headers: Record<string, string> = { "warden-event": row.event, "warden-delivery": row.id };
    let outcome: SendOutcome;
    try {
      if (row.format === "warden") headers["warden-signature"] = signHeader(decryptSecret<string>({ ciphertext: row.secretCiphertext, keyId: row.secretKeyId }), body);
      outcome = await postWebhook(row.url, body, headers, { agents: this.agents, policy: { allowPrivate: this.options.allowPrivate }, timeoutMs: this.options.timeoutMs });
    } catch (error) {
      outcome = { ok: false, statusCode: null, error: `not sent: ${(error as Error).message}`, durationMs: 0 };
    }
    const status = outcome.ok ? "succeeded" : row.attempts >= this.options.maxAttempts ? "failed" : "pending";
    const delayMs = status === "pending" ? retryDelayMs(row.attempts, this.options.retryBaseMs) : 0;
    const error = outcome.ok ? null : (outcome.error ?? `answered ${outcome.statusCode}`);
    await this.db.query(recordSql, [row.id, status, outcome.statusCode, error, delayMs, outcome.durationMs]);
    this.logger.debug({ deliveryId: row.id, event: row.event, status, statusCode: outcome.statusCode, attempts: row.attempts }, "webhook delivery attempt");
  }

  /** Stops claiming and waits (up to `graceMs`) for sends in flight to be recorded. */
  async stop(graceMs = 5_000): Promise<void> {
    await this.loop.stop(graceMs);
    this.agents.destroy();
  }
}
