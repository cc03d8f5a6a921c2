// Buffers audit events and writes them in batches (at most `batchSize` rows or `flushMs` of
// waiting). While the database is unreachable, events wait in a bounded buffer and are retried
// with back-off; nothing is dropped unless the buffer is full, and the gateway refuses calls
// before that happens (see `accepting`).
import type { Logger } from "pino";
import type { AuditWriter, GatewayAuditEvent } from "@/gateway/audit/pg-audit-writer";

export type AuditSinkOptions = { batchSize: number; flushMs: number; maxBuffered: number };

export class AuditSink {
  private buffer: GatewayAuditEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private failures = 0;
  /** The last write failed, possibly after committing: the next one checks for stored events. */
  private uncertain = false;
  dropped = 0;

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
    this.buffer.push(event);
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
      this.buffer.splice(0, batch.length);
      this.onDepth(this.buffer.length);
      if (this.failures > 0) this.logger.info({ pending: this.buffer.length }, "audit writes resumed");
      this.failures = 0;
      this.uncertain = false;
    } catch (error) {
      this.failures += 1;
      this.uncertain = true;
      this.onFailure();
      if (this.failures === 1 || this.failures % 20 === 0) {
        this.logger.warn({ err: (error as Error).message, pending: this.buffer.length }, "audit write failed; will retry");
      }
    }
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
