// Buffers audit events and writes them in batches (at most `batchSize` rows or `flushMs` of
// waiting). While the database is unreachable, events wait in a bounded buffer and are retried
// with back-off; nothing is dropped unless the buffer is full, and the gateway refuses calls
// before that happens (see `accepting`). A batch the database refuses for what a row holds (see
// write-errors.ts) is tried `rowErrorAttempts` times, then split in halves until each refused
// row is alone; that row is stored in its safe form and the others as they are, in order.
import type { Logger } from "pino";
import type { AuditWriter, GatewayAuditEvent } from "@/gateway/audit/pg-audit-writer";
import { safeAuditEvent } from "@/gateway/audit/safe-audit-event";
import { isRowLevelError, sqlState } from "@/gateway/audit/write-errors";
import { storableRow } from "@/lib/audit/storable";

export type AuditSinkOptions = {
  batchSize: number;
  flushMs: number;
  maxBuffered: number;
  /** Attempts of a batch refused for a row's content before it is split (default 2). */
  rowErrorAttempts?: number;
};

export class AuditSink {
  private buffer: GatewayAuditEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private failures = 0;
  private rowFailures = 0;
  /** The last write failed, possibly after committing: the next one checks for stored events. */
  private uncertain = false;
  dropped = 0;
  /** Events the database refused as they were, stored in their safe form instead. */
  storedSafely = 0;

  constructor(
    private readonly writer: AuditWriter,
    private readonly options: AuditSinkOptions,
    private readonly logger: Logger,
    private readonly onDepth: (depth: number) => void = () => {},
    private readonly onFailure: () => void = () => {},
  ) {}

  get depth(): number {
    return this.buffer.length;
  }

  /** False when the buffer is nearly full: new calls must be refused, since they could not be recorded. */
  get accepting(): boolean {
    return this.buffer.length < this.options.maxBuffered - 1_000;
  }

  record(event: GatewayAuditEvent): void {
    if (this.buffer.length >= this.options.maxBuffered) {
      this.dropped += 1;
      this.logger.error({ eventId: event.eventId }, "audit buffer full: event dropped");
      return;
    }
    // Made storable now, so a buffered event holds no more than it will store (an upstream's error
    // text can be megabytes); writing it again changes nothing.
    this.buffer.push(storableRow(event));
    this.onDepth(this.buffer.length);
    if (this.buffer.length >= this.options.batchSize) this.schedule(0);
    else this.schedule(this.options.flushMs);
  }

  private schedule(delayMs: number): void {
    if (this.writing) return;
    if (this.timer && delayMs > 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.writing = this.flushOnce().finally(() => {
        this.writing = undefined;
        if (this.buffer.length > 0) this.schedule(this.failures > 0 ? this.backoffMs() : this.buffer.length >= this.options.batchSize ? 0 : this.options.flushMs);
      });
    }, delayMs);
  }

  private backoffMs(): number {
    return Math.min(2_000, 50 * 2 ** Math.min(this.failures, 6));
  }

  private async flushOnce(): Promise<void> {
    const batch = this.buffer.slice(0, this.options.batchSize);
    if (batch.length === 0) return;
    try {
      await this.writer.write(batch, this.uncertain);
      this.shift(batch.length);
    } catch (error) {
      this.failed(error);
      if (!isRowLevelError(error)) return;
      this.rowFailures += 1;
      if (this.rowFailures < (this.options.rowErrorAttempts ?? 2)) return;
      try {
        await this.split(batch, error);
      } catch (splitError) {
        this.failed(splitError);
        return;
      }
    }
    if (this.failures > 0) this.logger.info({ pending: this.buffer.length }, "audit writes resumed");
    this.failures = 0;
    this.rowFailures = 0;
    this.uncertain = false;
  }

  private failed(error: unknown): void {
    this.failures += 1;
    this.uncertain = true;
    this.onFailure();
    if (this.failures === 1 || this.failures % 20 === 0) {
      this.logger.warn({ err: (error as Error).message, sqlState: sqlState(error), pending: this.buffer.length }, "audit write failed; will retry");
    }
  }

  /** The first `count` buffered events are stored. */
  private shift(count: number): void {
    this.buffer.splice(0, count);
    this.onDepth(this.buffer.length);
  }

  /**
   * Writes `rows` — the front of the buffer, refused together with `refusal` — in halves, each
   * half alone, until the refused rows are found. Throws (leaving the rest buffered) as soon as
   * the database fails for any other reason.
   */
  private async split(rows: GatewayAuditEvent[], refusal: unknown): Promise<void> {
    if (rows.length === 1) return this.storeSafely(rows[0]!, refusal);
    const half = Math.ceil(rows.length / 2);
    for (const part of [rows.slice(0, half), rows.slice(half)]) {
      try {
        await this.writer.write(part, true);
      } catch (error) {
        if (!isRowLevelError(error)) throw error;
        this.onFailure();
        await this.split(part, error);
        continue;
      }
      this.shift(part.length);
    }
  }

  private async storeSafely(event: GatewayAuditEvent, refusal: unknown): Promise<void> {
    const log = { eventId: event.eventId, orgId: event.orgId, sqlState: sqlState(refusal), err: (refusal as Error).message };
    try {
      await this.writer.write([safeAuditEvent(event, refusal)], true);
      this.storedSafely += 1;
      this.logger.warn({ ...log, event }, "the database refused an audit event; stored in its safe form");
    } catch (error) {
      if (!isRowLevelError(error)) throw error;
      // Refused even in its safe form (its organization is gone, say): keeping it would block
      // every later event, so it is dropped, and this log line is its record.
      this.dropped += 1;
      this.logger.error({ ...log, event, safeFormError: (error as Error).message }, "the database refused an audit event in any form: dropped (recorded in this log line)");
    }
    this.shift(1);
  }

  /** Writes everything buffered, for shutdown; gives up after `timeoutMs`. Returns what is left. */
  async drain(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.buffer.length > 0 && Date.now() < deadline) {
      clearTimeout(this.timer);
      this.timer = undefined;
      if (this.writing) await this.writing;
      else {
        this.writing = this.flushOnce().finally(() => (this.writing = undefined));
        await this.writing;
      }
      if (this.buffer.length > 0 && this.failures > 0) await new Promise((resolve) => setTimeout(resolve, this.backoffMs()));
    }
    clearTimeout(this.timer);
    return this.buffer.length;
  }
}
