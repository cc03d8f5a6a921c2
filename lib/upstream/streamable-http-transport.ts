// A lean Streamable HTTP client transport on node:http with pooled keep-alive connections and
// the SSRF guard. Unlike the SDK's, it reports which of our requests a server message arrived
// with, so a proxy can route server→client requests and progress to the right caller, and it
// knows which HTTP request carries which of ours, so an abandoned one frees its socket at once.
import http from "node:http";
import https from "node:https";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { NetPolicy } from "@/lib/net/address-policy";
import { agentFor, type GuardedAgents } from "@/lib/net/guarded-agents";
import { assertSafeUrl } from "@/lib/net/url-guard";
import { readMessageBody } from "@/lib/upstream/response-body";
import {
  defaultMessageTimeoutMs,
  UpstreamHttpError,
  UpstreamSessionExpiredError,
  UpstreamUnavailableError,
  type MessageOrigin,
  type UpstreamTransport,
} from "@/lib/upstream/types";

export type StreamableHttpOptions = {
  url: string;
  headers?: Record<string, string>;
  policy: NetPolicy;
  agents: GuardedAgents;
  /** Bound on a POST that carries no request (notification, answer, cancel) and on the closing DELETE. */
  messageTimeoutMs?: number;
};

type RequestId = string | number;
/** What an HTTP request is for: one of our JSON-RPC requests (freed by abandon), or bounded by a deadline. */
type Carrying = { requestId?: RequestId; timeoutMs?: number };

export class StreamableHttpTransport implements UpstreamTransport {
  readonly kind = "streamable-http" as const;
  onmessage?: (message: JSONRPCMessage, origin: MessageOrigin) => void;
  onclose?: (reason: Error) => void;
  onerror?: (error: Error) => void;
  private readonly url: URL;
  /** The URL as http.request options, computed once (converting a URL on every call shows in profiles). */
  private readonly target: http.RequestOptions;
  private readonly messageTimeoutMs: number;
  private sessionId: string | undefined;
  private protocolVersion: string | undefined;
  private closed = false;
  private readonly open = new Set<http.ClientRequest>();
  /** The HTTP request carrying each of our JSON-RPC requests, until its response ends. */
  private readonly carriers = new Map<RequestId, http.ClientRequest>();
  private readonly abandoned = new WeakSet<http.ClientRequest>();
  private standalone: { attempts: number; timer?: NodeJS.Timeout } = { attempts: 0 };

  constructor(private readonly options: StreamableHttpOptions) {
    this.url = assertSafeUrl(options.url, options.policy);
    this.messageTimeoutMs = options.messageTimeoutMs ?? defaultMessageTimeoutMs;
    this.target = {
      protocol: this.url.protocol, hostname: this.url.hostname.replace(/^\[|\]$/g, ""), port: this.url.port || undefined,
      path: `${this.url.pathname}${this.url.search}`, agent: agentFor(options.agents, this.url),
    };
  }

  async start(): Promise<void> {}

  setProtocolVersion(version: string): void {
    this.protocolVersion = version;
  }

  private headers(extra: Record<string, string>): Record<string, string> {
    const headers: Record<string, string> = { ...this.options.headers, ...extra };
    if (this.sessionId) headers["mcp-session-id"] = this.sessionId;
    if (this.protocolVersion) headers["mcp-protocol-version"] = this.protocolVersion;
    return headers;
  }

  /**
   * Sends one HTTP request. A pooled keep-alive socket the server closed at the same moment we
   * reused it fails with ECONNRESET before the server read anything; as Node's documentation
   * advises, such a request is sent again (on another socket), at most twice.
   */
  private async request(method: string, headers: Record<string, string>, body?: string, carrying: Carrying = {}): Promise<http.IncomingMessage> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.requestOnce(method, headers, body, carrying);
      } catch (error) {
        const stale = error instanceof StaleSocketError;
        if (!stale || attempt >= 2 || this.closed) throw stale ? error.failure : error;
      }
    }
  }

  private requestOnce(method: string, headers: Record<string, string>, body: string | undefined, carrying: Carrying): Promise<http.IncomingMessage> {
    if (this.closed) return Promise.reject(new UpstreamUnavailableError("The upstream connection is closed"));
    return new Promise((resolve, reject) => {
      const send = this.url.protocol === "https:" ? https.request : http.request;
      const req = send({ ...this.target, method, headers: this.headers(headers) }, resolve);
      const { requestId, timeoutMs } = carrying;
      this.open.add(req);
      if (requestId !== undefined) this.carriers.set(requestId, req);
      // Destroying the request closes its socket too: a silent server keeps nothing of ours.
      const deadline = timeoutMs ? setTimeout(() => req.destroy(new Error(`no complete answer within ${timeoutMs} ms`)), timeoutMs) : undefined;
      req.on("close", () => {
        clearTimeout(deadline);
        this.open.delete(req);
        if (requestId !== undefined && this.carriers.get(requestId) === req) this.carriers.delete(requestId);
      });
      req.on("error", (error: NodeJS.ErrnoException) => {
        const failure = new UpstreamUnavailableError(`Cannot reach the upstream server: ${error.message}`, { cause: error });
        reject(req.reusedSocket && error.code === "ECONNRESET" ? new StaleSocketError(failure) : failure);
      });
      req.end(body);
    });
  }

  async send(message: JSONRPCMessage): Promise<void> {
    const body = JSON.stringify(message);
    const relatedId = "method" in message && "id" in message ? message.id : undefined;
    const res = await this.request("POST", {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "content-length": String(Buffer.byteLength(body)),
    }, body, relatedId === undefined ? { timeoutMs: this.messageTimeoutMs } : { requestId: relatedId });
    const status = res.statusCode ?? 0;
    const session = res.headers["mcp-session-id"];
    if (typeof session === "string" && session) this.sessionId = session;
    if (status === 202 || status === 204 || (status >= 200 && status < 300 && relatedId === undefined)) {
      res.resume();
      if ("method" in message && message.method === "notifications/initialized") this.openStandaloneStream();
      return;
    }
    if (status === 404 && this.sessionId) {
      res.resume();
      this.sessionId = undefined;
      throw new UpstreamSessionExpiredError();
    }
    if (status < 200 || status >= 300) throw new UpstreamHttpError(status, await errorText(res));
    if (relatedId !== undefined) this.consume(res, relatedId);
  }

  abandon(id: RequestId): boolean {
    const req = this.carriers.get(id);
    if (!req) return true;
    this.carriers.delete(id);
    this.abandoned.add(req);
    // Not yet written (still queued for a socket, or still connecting): the server never saw it.
    const reached = req.writableFinished;
    req.destroy(new Error("the request was abandoned"));
    return reached;
  }

  /** Reads a JSON or SSE answer in the background; a stream that ends early yields an error response. */
  private consume(res: http.IncomingMessage, relatedId: RequestId): void {
    const req = this.carriers.get(relatedId);
    if (!req) return void res.destroy();
    let answered = false;
    const deliver = (message: JSONRPCMessage) => {
      if (("result" in message || "error" in message) && message.id === relatedId && !answered) {
        answered = true;
        if (!res.complete) this.lingerThenDestroy(req);
      }
      this.onmessage?.(message, { relatedId });
    };
    void readMessageBody(res, deliver).then((problem) => {
      if (this.abandoned.has(req) || answered) return;
      if (problem) this.onerror?.(problem);
      if (!this.closed) {
        const reason = problem?.message ?? "the response ended without an answer";
        deliver({ jsonrpc: "2.0", id: relatedId, error: { code: -32000, message: `Upstream connection lost: ${reason}` } });
      }
    });
  }

  /** The server should end the stream after the answer; one that keeps it open does not keep the socket. */
  private lingerThenDestroy(req: http.ClientRequest): void {
    const timer = setTimeout(() => req.destroy(), this.messageTimeoutMs);
    req.once("close", () => clearTimeout(timer));
  }

  /** The GET stream carries server messages unrelated to a request (list_changed, logging, …). */
  private openStandaloneStream(): void {
    if (this.closed || this.standalone.timer) return;
    this.request("GET", { accept: "text/event-stream" })
      .then(async (res) => {
        const status = res.statusCode ?? 0;
        if (status === 405) return void res.resume();
        if (status === 404 && this.sessionId) {
          res.resume();
          this.sessionId = undefined;
          return this.onerror?.(new UpstreamSessionExpiredError());
        }
        if (status !== 200) throw new UpstreamHttpError(status, await errorText(res));
        this.standalone.attempts = 0;
        const problem = await readMessageBody(res, (message) => this.onmessage?.(message, {}));
        if (problem && !this.closed) this.onerror?.(problem);
        this.retryStandaloneStream();
      })
      .catch((error: Error) => {
        if (!this.closed) this.onerror?.(error);
        this.retryStandaloneStream();
      });
  }

  private retryStandaloneStream(): void {
    if (this.closed || !this.sessionId) return;
    const delayMs = Math.min(30_000, 500 * 2 ** this.standalone.attempts++);
    this.standalone.timer = setTimeout(() => {
      this.standalone.timer = undefined;
      this.openStandaloneStream();
    }, delayMs);
    this.standalone.timer.unref();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    const session = this.sessionId;
    if (session) await this.request("DELETE", {}, undefined, { timeoutMs: this.messageTimeoutMs }).then((res) => res.resume(), () => undefined);
    this.closed = true;
    clearTimeout(this.standalone.timer);
    for (const req of this.open) req.destroy();
    this.onclose?.(new UpstreamUnavailableError("The upstream connection was closed"));
  }
}

/** The start of an error answer's body; the rest is not read (a hostile body may never end). */
/** A request that failed on a reused keep-alive socket the server had just closed: safe to send again. */
class StaleSocketError extends Error {
  constructor(readonly failure: UpstreamUnavailableError) {
    super(failure.message);
  }
}

async function errorText(res: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= 4096) break;
    }
  } catch {
    // A body cut short still says something.
  }
  if (!res.complete) res.destroy();
  const text = Buffer.concat(chunks).toString("utf8").slice(0, 500);
  return `The upstream server answered HTTP ${res.statusCode}${text ? `: ${text}` : ""}`;
}
