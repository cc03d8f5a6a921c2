// The answer to one POSTed request. It starts as a plain JSON response and becomes an SSE
// stream only if something must be sent before the answer (progress, logging, a server→client
// request) and the client accepts text/event-stream: the fast path stays one JSON write.
//
// A client that stops reading must not make the gateway buffer for it without limit: a stream
// whose unread backlog passes `maxBacklogBytes` is cut off (its socket destroyed), and an ended
// response whose client reads nothing for `stallMs` is dropped. Nothing writes to a response
// that has ended or was destroyed (that would emit an 'error' nobody handles).
import type { ServerResponse } from "node:http";

export type OutgoingMessage = Record<string, unknown>;

export const DEFAULT_BACKLOG_BYTES = 4 * 1024 * 1024;
const stallMs = 30_000;

const sseHeaders = { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" };

/** Writes unless the response is over; false (and the socket destroyed) when the reader left more than `maxBacklogBytes` unread. */
function writeBounded(res: ServerResponse, chunk: string, maxBacklogBytes: number): boolean {
  if (res.writableEnded || res.destroyed) return false;
  // The backlog is checked before writing, so one message larger than the bound still reaches a reader that keeps up.
  if (res.writableLength > maxBacklogBytes) {
    res.destroy();
    return false;
  }
  res.write(chunk);
  return true;
}

/** Ends a response; what is still unsent is dropped once the client has read nothing of it for `stallMs`. */
function endBounded(res: ServerResponse, chunk?: string): void {
  if (res.writableEnded || res.destroyed) return;
  res.end(chunk);
  if (res.writableLength === 0) return;
  let left = res.writableLength;
  const timer = setInterval(() => {
    if (res.writableLength > 0 && res.writableLength >= left) return void res.destroy();
    left = res.writableLength;
  }, stallMs);
  timer.unref();
  const stop = () => clearInterval(timer);
  res.once("finish", stop);
  res.once("close", stop);
}

const event = (message: OutgoingMessage) => `event: message\ndata: ${JSON.stringify(message)}\n\n`;

export class Responder {
  private streaming = false;
  private done = false;
  private readonly closeHandlers: (() => void)[] = [];

  constructor(
    private readonly res: ServerResponse,
    private readonly options: { sseAllowed: boolean; headers: Record<string, string>; maxBacklogBytes?: number },
  ) {
    res.on("close", () => {
      if (this.done) return;
      this.done = true;
      for (const handler of this.closeHandlers.splice(0)) handler();
    });
  }

  /** True once the client went away or the answer was sent. */
  get finished(): boolean {
    return this.done;
  }

  /** Whether messages can reach the client before the answer. */
  get canStream(): boolean {
    return !this.done && !this.res.destroyed && (this.streaming || this.options.sseAllowed);
  }

  /** Runs when the client disconnects before the answer (to cancel upstream work). */
  onAbort(handler: () => void): void {
    this.closeHandlers.push(handler);
  }

  /** Sends a message ahead of the answer; false when it cannot be delivered. */
  send(message: OutgoingMessage): boolean {
    if (!this.canStream) return false;
    if (!this.streaming) {
      this.streaming = true;
      this.res.writeHead(200, { ...this.options.headers, ...sseHeaders });
      this.res.flushHeaders();
    }
    // A reader past its backlog is cut off; its 'close' then cancels the upstream work (onAbort).
    return writeBounded(this.res, event(message), this.options.maxBacklogBytes ?? DEFAULT_BACKLOG_BYTES);
  }

  /** Sends the answer and ends the response. */
  finish(message: OutgoingMessage, status = 200): void {
    if (this.done) return;
    this.done = true;
    this.closeHandlers.length = 0;
    if (this.res.writableEnded || this.res.destroyed) return;
    if (this.streaming) return endBounded(this.res, event(message));
    const body = JSON.stringify(message);
    this.res.writeHead(status, { ...this.options.headers, "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    endBounded(this.res, body);
  }
}

/** A long-lived stream (GET) for messages not tied to a request: list_changed, logging, … */
export class EventStream {
  private closed = false;
  private readonly keepAlive: NodeJS.Timeout;
  private readonly maxBacklogBytes: number;

  constructor(
    private readonly res: ServerResponse,
    headers: Record<string, string>,
    onClose: () => void,
    limits: { maxBacklogBytes: number; keepAliveMs: number } = { maxBacklogBytes: DEFAULT_BACKLOG_BYTES, keepAliveMs: 25_000 },
  ) {
    this.maxBacklogBytes = limits.maxBacklogBytes;
    res.writeHead(200, { ...headers, ...sseHeaders });
    res.flushHeaders();
    // The keep-alive also checks the backlog: a reader that stopped is cut off within one period.
    this.keepAlive = setInterval(() => this.write(": keep-alive\n\n"), limits.keepAliveMs);
    this.keepAlive.unref();
    res.on("close", () => {
      this.stop();
      onClose();
    });
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Bytes written but not yet taken by the reader. */
  get backlogBytes(): number {
    return this.res.writableLength;
  }

  send(message: OutgoingMessage): boolean {
    return this.write(event(message));
  }

  private write(chunk: string): boolean {
    if (this.closed) return false;
    if (writeBounded(this.res, chunk, this.maxBacklogBytes)) return true;
    this.stop();
    return false;
  }

  private stop(): void {
    this.closed = true;
    clearInterval(this.keepAlive);
  }

  /** Ends the stream now: no write follows, whether or not the reader has read what was sent. */
  close(): void {
    if (this.closed) return;
    this.stop();
    endBounded(this.res);
  }
}
