// Sends the approval mail outbox (approval_mails, filled by a trigger when an approval is
// created). Any number of gateway workers run this job: each claims due rows with one UPDATE …
// WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) that sets a lease, so a row is sent by one worker
// at a time, and a sent row is never claimed again. A worker that dies mid-send leaves a lease that
// expires and another worker retries (SMTP has no idempotency key: that rare case may send twice).
// A row whose approval was decided or expired, or whose person opted out or is no longer an
// approver, is skipped rather than sent. Failed sends are retried with back-off, a bounded number of times.
// Claims go organization by organization, the longest-waiting first, each up to its free slots:
// one tenant's burst of held calls (hundreds of mails at once) holds at most `perOrg` of a
// worker's sends, and another tenant's mail goes out at the next claim, not after the burst.
import nodemailer, { type Transporter } from "nodemailer";
import type { Logger } from "pino";
import type { Database } from "@/gateway/state/database";
import { signedApprovalUrl } from "@/lib/approvals/signed-link";
import { approvalWaitingMail } from "@/lib/mail/templates";
import { retryDelayMs } from "@/lib/webhooks/delivery";
import { OutboxLoop } from "@/gateway/notify/outbox-loop";

export type MailJobOptions = {
  appUrl: string;
  smtpUrl: string;
  mailFrom: string;
  maxAttempts: number;
  retryBaseMs: number;
  /** Sends of one organization in flight on this worker. */
  perOrg: number;
  /** Sends in flight on this worker, all organizations together. */
  maxInFlight: number;
  /** Due retries are found by polling this often (new mails wake the job at once). */
  pollMs: number;
};

type Claimed = {
  id: string; orgId: string; attempts: number; email: string; orgName: string; slug: string; grantName: string; serverName: string;
  toolName: string; ruleId: string; policyVersion: number; arguments: unknown; expiresAt: Date; approvalId: string;
};

const utcNow = `(now() AT TIME ZONE 'UTC')`;
const due = `m.status = 'pending' AND m."nextAttemptAt" <= ${utcNow} AND (m."leaseUntil" IS NULL OR m."leaseUntil" < ${utcNow})`;

const skipSql = `UPDATE approval_mails m SET status = 'skipped', "updatedAt" = ${utcNow}
  WHERE ${due} AND (
    NOT EXISTS (SELECT 1 FROM approvals a WHERE a.id = m."approvalId" AND a.status = 'pending' AND a."expiresAt" > ${utcNow})
    OR NOT EXISTS (SELECT 1 FROM users u JOIN memberships ms ON ms."userId" = u.id
                   WHERE u.id = m."userId" AND ms."orgId" = m."orgId" AND ms.role IN ('admin', 'owner') AND NOT u."approvalMailOptOut"))`;

// Organizations with due mail, the one whose mail has waited longest first.
const dueOrgsSql = `SELECT m."orgId" FROM approval_mails m WHERE ${due} GROUP BY m."orgId" ORDER BY min(m."nextAttemptAt") LIMIT 200`;

const claimSql = `UPDATE approval_mails m
  SET "leaseUntil" = ${utcNow} + interval '3 minutes', attempts = m.attempts + 1, "updatedAt" = ${utcNow}
  FROM approvals a, users u, organizations o, grants g, mcp_servers s
  WHERE a.id = m."approvalId" AND u.id = m."userId" AND o.id = m."orgId" AND g.id = a."grantId" AND s.id = a."serverId"
    AND m.id IN (SELECT id FROM approval_mails m WHERE m."orgId" = $2 AND ${due} ORDER BY "nextAttemptAt" LIMIT $1 FOR UPDATE SKIP LOCKED)
  RETURNING m.id, m."orgId", m.attempts, u.email, o.name AS "orgName", o.slug, g.name AS "grantName", s.name AS "serverName",
    a."toolName", a."ruleId", a."policyVersion", a.arguments, a."expiresAt", a.id AS "approvalId"`;

const recordSql = `UPDATE approval_mails SET status = $2, "lastError" = $3, "leaseUntil" = NULL, "updatedAt" = ${utcNow},
    "nextAttemptAt" = ${utcNow} + make_interval(secs => $4::double precision / 1000),
    "sentAt" = CASE WHEN $2 = 'sent' THEN ${utcNow} ELSE NULL END
  WHERE id = $1`;

// Mails are kept 30 days (any worker may prune; it is idempotent).
const pruneSql = `DELETE FROM approval_mails WHERE "createdAt" < ${utcNow} - interval '30 days'`;
const previewChars = 1_500;

/** Short timeouts, unless the URL sets its own: a hung SMTP server must not hold a send past its lease. */
function transportUrl(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  for (const [name, ms] of [["connectionTimeout", 10_000], ["greetingTimeout", 10_000], ["socketTimeout", 30_000]] as const) {
    if (!url.searchParams.has(name)) url.searchParams.set(name, String(ms));
  }
  return url.toString();
}

export function approvalMailFor(row: Claimed, appUrl: string) {
  const pretty = JSON.stringify(row.arguments, null, 2) ?? "{}";
  return approvalWaitingMail({
    orgName: row.orgName,
    toolName: `${row.toolName} on ${row.serverName}`,
    agent: `The agent of grant "${row.grantName}"`,
    url: signedApprovalUrl(appUrl, row.slug, row.approvalId, row.expiresAt),
    expiresAt: row.expiresAt,
    details: [
      `Rule: ${row.ruleId} (policy version ${row.policyVersion}). Approval ${row.approvalId}.`,
      `Arguments:\n${pretty.length > previewChars ? `${pretty.slice(0, previewChars)}\n… (the rest is on the approval's page)` : pretty}`,
    ],
  });
}

export class ApprovalMailJob {
  private readonly transport: Transporter;
  private readonly loop: OutboxLoop;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    private readonly options: MailJobOptions,
  ) {
    this.transport = nodemailer.createTransport(transportUrl(options.smtpUrl));
    this.loop = new OutboxLoop(() => this.claim(), options.pollMs, (error) => this.logger.debug({ err: error.message }, "approval mail claim failed"), () => this.db.query(pruneSql));
  }

  start(): void {
    this.loop.start();
  }

  /** Look for due mails now (one was enqueued, or a send finished). */
  nudge(): void {
    this.loop.nudge();
  }

  private async claim(): Promise<void> {
    if (this.loop.sends.size >= this.options.maxInFlight) return;
    await this.db.query(skipSql);
    const { rows } = await this.db.query<{ orgId: string }>(dueOrgsSql);
    for (const { orgId } of rows) {
      const free = this.loop.freeSlots(orgId, this.options.perOrg, this.options.maxInFlight);
      if (free <= 0) continue;
      const claimed = await this.db.query<Claimed>(claimSql, [free, orgId]);
      for (const row of claimed.rows) this.track(row);
    }
  }

  private track(row: Claimed): void {
    this.loop.track(row.orgId, () =>
      this.deliver(row).catch((error: Error) => this.logger.warn({ err: error.message, mailId: row.id }, "approval mail could not be recorded")),
    );
  }

  private async deliver(row: Claimed): Promise<void> {
    const content = approvalMailFor(row, this.options.appUrl);
    let error: string | null = null;
    try {
      await this.transport.sendMail({ from: this.options.mailFrom, to: row.email, subject: content.subject, text: content.text, html: content.html });
    } catch (failure) {
      error = (failure as Error).message.slice(0, 500);
    }
    const status = error === null ? "sent" : row.attempts >= this.options.maxAttempts ? "failed" : "pending";
    const delayMs = status === "pending" ? retryDelayMs(row.attempts, this.options.retryBaseMs) : 0;
    await this.db.query(recordSql, [row.id, status, error, delayMs]);
    this.logger.debug({ mailId: row.id, approvalId: row.approvalId, status, attempts: row.attempts, err: error }, "approval mail attempt");
  }

  /** Stops claiming and waits (up to `graceMs`) for sends in flight to be recorded. */
  async stop(graceMs = 5_000): Promise<void> {
    await this.loop.stop(graceMs);
    this.transport.close();
  }
}
