// The answer to one POSTed request. It starts as a plain JSON response and becomes an SSE
// stream only if something must be sent before the answer (progress, logging, a server→client
// request) and the client accepts text/event-stream: the fast path stays one JSON write.
import type { ServerResponse } from "node:http";

export type OutgoingMessage = Record<string, unknown>;

export class Responder {
  private streaming = false;
  private done = false;
  private readonly closeHandlers: (() => void)[] = [];

  constructor(
    private readonly res: ServerResponse,
    private readonly options: { sseAllowed: boolean; headers: Record<string, string> },
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
    return !this.done && (this.streaming || this.options.sseAllowed);
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
      this.res.writeHead(200, { ...this.options.headers, "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
      this.res.flushHeaders();
    }
    this.res.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
    return true;
  }

  /** Sends the answer and ends the response. */
  finish(message: OutgoingMessage, status = 200): void {
    if (this.done) return;
    this.done = true;
    this.closeHandlers.length = 0;
    const body = JSON.stringify(message);
    if (this.streaming) {
      this.res.end(`event: message\ndata: ${body}\n\n`);
      return;
    }
    this.res.writeHead(status, { ...this.options.headers, "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    this.res.end(body);
  }
}

/** A long-lived stream (GET) for messages not tied to a request: list_changed, logging, … */
export class EventStream {
  private closed = false;
  private readonly keepAlive: NodeJS.Timeout;

  constructor(
    private readonly res: ServerResponse,
    headers: Record<string, string>,
    onClose: () => void,
  ) {
    res.writeHead(200, { ...headers, "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    res.flushHeaders();
    this.keepAlive = setInterval(() => res.write(": keep-alive\n\n"), 25_000);
    this.keepAlive.unref();
    res.on("close", () => {
      this.closed = true;
      clearInterval(this.keepAlive);
      onClose();
    });
  }

  send(message: OutgoingMessage): boolean {
    if (this.closed) return false;
    this.res.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
    return true;
  }

  close(): void {
    if (!this.closed) this.res.end();
  }
}
