// One initialized MCP session with an upstream server, multiplexing any number of concurrent
// requests over one transport: our own ids upstream, answers matched back, and the messages the
// server sends while working on a request (progress, logging, sampling…) handed to that request.
import {
  LATEST_PROTOCOL_VERSION,
  SUPPORTED_PROTOCOL_VERSIONS,
  type ClientCapabilities,
  type Implementation,
  type InitializeResult,
  type JSONRPCMessage,
  type JSONRPCNotification,
  type JSONRPCRequest,
  type RequestId,
  type Result,
} from "@modelcontextprotocol/sdk/types.js";
import { UpstreamBusyError, UpstreamCancelledError, UpstreamRpcError, UpstreamTimeoutError } from "@/lib/upstream/errors";
import { UpstreamSessionExpiredError, UpstreamUnavailableError, type MessageOrigin, type UpstreamTransport } from "@/lib/upstream/types";

export type ServerMessage = JSONRPCRequest | JSONRPCNotification;

/**
 * What a request listens to for cancellation: an AbortSignal, or anything that behaves like one
 * for a single listener (the gateway uses a lighter one per call; see RelayRegistry).
 */
export type CancelSignal = {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
};

export type RequestOptions = {
  timeoutMs?: number;
  signal?: CancelSignal;
  /** Receives what the server sends while working on this request (routed by response stream or progress token). */
  onRelated?: (message: ServerMessage) => void;
};

export type ConnectionOptions = {
  clientInfo?: Implementation;
  capabilities?: ClientCapabilities;
  /** For initialize and for requests that give no timeout of their own. */
  defaultTimeoutMs?: number;
  /** Requests waiting for an answer at once; beyond it a request is refused at once (UpstreamBusyError). */
  maxPendingRequests?: number;
  /** notifications/cancelled being sent at once; beyond it a cancel is skipped (the request's own stream is already gone). */
  maxCancelsInFlight?: number;
};

export const defaultConnectionLimits = { maxPendingRequests: 1_024, maxCancelsInFlight: 16 } as const;

type Pending = {
  method: string;
  resolve: (result: Result) => void;
  reject: (error: Error) => void;
  onRelated?: (message: ServerMessage) => void;
  progressToken?: string | number;
  timer?: NodeJS.Timeout;
  /** Removes the abort listener, so a long-lived signal does not collect one per request. */
  detach?: () => void;
};

const defaultClientInfo: Implementation = { name: "warden", version: "0.1.0" };

export class UpstreamConnection {
  /** Server-initiated messages not tied to one of our requests (list_changed, logging, resources/updated…). */
  onServerMessage?: (message: ServerMessage, origin: MessageOrigin) => void;
  /** The transport is gone; every pending request has been failed with `reason`. */
  onclose?: (reason: Error) => void;
  private nextId = 1;
  private readonly pending = new Map<RequestId, Pending>();
  private readonly byProgressToken = new Map<string | number, RequestId>();
  private initialized: InitializeResult | undefined;
  private reinitializing: Promise<void> | undefined;
  private closedReason: Error | undefined;
  private readonly disposers: (() => void)[] = [];
  private cancelsInFlight = 0;
  private readonly limits: { maxPendingRequests: number; maxCancelsInFlight: number };

  constructor(
    readonly transport: UpstreamTransport,
    private readonly options: ConnectionOptions = {},
  ) {
    this.limits = {
      maxPendingRequests: options.maxPendingRequests ?? defaultConnectionLimits.maxPendingRequests,
      maxCancelsInFlight: options.maxCancelsInFlight ?? defaultConnectionLimits.maxCancelsInFlight,
    };
    transport.onmessage = (message, origin) => this.receive(message, origin);
    transport.onclose = (reason) => this.fail(reason);
    transport.onerror = (error) => {
      if (error instanceof UpstreamSessionExpiredError) void this.reinitialize().catch(() => undefined);
    };
  }

  /** Requests sent and not yet answered. */
  get pendingRequests(): number {
    return this.pending.size;
  }

  get initializeResult(): InitializeResult {
    if (!this.initialized) throw new Error("The upstream connection is not initialized");
    return this.initialized;
  }

  /** Runs `dispose` once when the connection ends (to release sockets the connection owns). */
  disposeWith(dispose: () => void): void {
    if (this.closedReason) dispose();
    else this.disposers.push(dispose);
  }

  get isClosed(): boolean {
    return this.closedReason !== undefined;
  }

  /** Starts the transport and performs the initialize handshake. */
  async open(): Promise<InitializeResult> {
    await this.transport.start();
    await this.initialize();
    return this.initializeResult;
  }

  private async initialize(): Promise<void> {
    const result = (await this.request("initialize", {
      protocolVersion: LATEST_PROTOCOL_VERSION,
      capabilities: this.options.capabilities ?? {},
      clientInfo: this.options.clientInfo ?? defaultClientInfo,
    }, { retryExpiredSession: false })) as InitializeResult;
    if (!SUPPORTED_PROTOCOL_VERSIONS.includes(result.protocolVersion)) {
      throw new UpstreamUnavailableError(`The upstream server speaks MCP ${result.protocolVersion}, which Warden does not support`);
    }
    this.transport.setProtocolVersion(result.protocolVersion);
    this.initialized = result;
    await this.transport.send({ jsonrpc: "2.0", method: "notifications/initialized" });
  }

  /** After the server forgot our session: one new handshake however many requests noticed. */
  private reinitialize(): Promise<void> {
    this.reinitializing ??= this.initialize().finally(() => (this.reinitializing = undefined));
    return this.reinitializing;
  }

  async request(method: string, params: Record<string, unknown> | undefined, options: RequestOptions & { retryExpiredSession?: boolean } = {}): Promise<Result> {
    if (this.closedReason) throw this.closedReason;
    if (this.reinitializing && method !== "initialize") await this.reinitializing;
    try {
      return await this.send(method, params, options);
    } catch (error) {
      if (!(error instanceof UpstreamSessionExpiredError) || options.retryExpiredSession === false) throw error;
      // The server did not process the request (it did not know the session), so one retry is safe.
      await this.reinitialize();
      return this.send(method, params, options);
    }
  }

  private send(method: string, params: Record<string, unknown> | undefined, options: RequestOptions): Promise<Result> {
    if (this.pending.size >= this.limits.maxPendingRequests) return Promise.reject(new UpstreamBusyError(this.limits.maxPendingRequests));
    const id = this.nextId++;
    const progressToken = (params?._meta as { progressToken?: string | number } | undefined)?.progressToken;
    return new Promise<Result>((resolve, reject) => {
      const entry: Pending = { method, resolve, reject, onRelated: options.onRelated, progressToken };
      this.pending.set(id, entry);
      if (progressToken !== undefined) this.byProgressToken.set(progressToken, id);
      const timeoutMs = options.timeoutMs ?? this.options.defaultTimeoutMs;
      if (timeoutMs) entry.timer = setTimeout(() => this.abandon(id, new UpstreamTimeoutError(method, timeoutMs), "timeout"), timeoutMs);
      const onAbort = () => this.abandon(id, new UpstreamCancelledError(method), String(options.signal?.reason ?? "cancelled by the client"));
      if (options.signal?.aborted) return onAbort();
      if (options.signal) {
        const signal = options.signal;
        signal.addEventListener("abort", onAbort, { once: true });
        entry.detach = () => signal.removeEventListener("abort", onAbort);
      }
      const message: JSONRPCRequest = params === undefined ? { jsonrpc: "2.0", id, method } : { jsonrpc: "2.0", id, method, params };
      this.transport.send(message).catch((error: Error) => this.settle(id, () => reject(error)));
    });
  }

  /**
   * Gives up on a request: frees what carries it (the HTTP request and its socket) and tells the
   * server, so it can stop the work. The transport bounds how long a cancel may take, and at most
   * maxCancelsInFlight are sent at once: to a server that hangs on those too, the rest are skipped.
   */
  private abandon(id: RequestId, error: Error, reason: string): void {
    if (!this.pending.has(id)) return;
    this.settle(id, (entry) => entry.reject(error));
    const reached = this.transport.abandon(id);
    if (!reached || this.closedReason || this.cancelsInFlight >= this.limits.maxCancelsInFlight) return;
    this.cancelsInFlight += 1;
    this.transport
      .send({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: id, reason } })
      .catch(() => undefined)
      .finally(() => (this.cancelsInFlight -= 1));
  }

  private settle(id: RequestId, finish: (entry: Pending) => void): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    if (entry.progressToken !== undefined) this.byProgressToken.delete(entry.progressToken);
    clearTimeout(entry.timer);
    entry.detach?.();
    finish(entry);
  }

  private receive(message: JSONRPCMessage, origin: MessageOrigin): void {
    if (!("method" in message)) {
      const id = (message as { id?: RequestId }).id;
      if (id === undefined) return;
      if ("error" in message) this.settle(id, (entry) => entry.reject(new UpstreamRpcError(message.error)));
      else this.settle(id, (entry) => entry.resolve(message.result));
      return;
    }
    if (message.method === "ping" && "id" in message) {
      void this.transport.send({ jsonrpc: "2.0", id: message.id, result: {} }).catch(() => undefined);
      return;
    }
    const owner = this.ownerOf(message, origin);
    if (owner?.onRelated) owner.onRelated(message);
    else this.onServerMessage?.(message, origin);
  }

  private ownerOf(message: ServerMessage, origin: MessageOrigin): Pending | undefined {
    if (message.method === "notifications/progress") {
      const token = (message.params as { progressToken?: string | number } | undefined)?.progressToken;
      const id = token === undefined ? undefined : this.byProgressToken.get(token);
      if (id !== undefined) return this.pending.get(id);
    }
    return origin.relatedId === undefined ? undefined : this.pending.get(origin.relatedId);
  }

  notify(method: string, params?: Record<string, unknown>): Promise<void> {
    if (this.closedReason) return Promise.reject(this.closedReason);
    return this.transport.send(params === undefined ? { jsonrpc: "2.0", method } : { jsonrpc: "2.0", method, params });
  }

  /** Answers a request the server sent us (sampling, elicitation, roots/list…). */
  respond(id: RequestId, answer: { result: Result } | { error: { code: number; message: string; data?: unknown } }): Promise<void> {
    if (this.closedReason) return Promise.reject(this.closedReason);
    return this.transport.send({ jsonrpc: "2.0", id, ...answer } as JSONRPCMessage);
  }

  private fail(reason: Error): void {
    if (this.closedReason) return;
    this.closedReason = reason;
    for (const id of [...this.pending.keys()]) this.settle(id, (entry) => entry.reject(reason));
    for (const dispose of this.disposers.splice(0)) dispose();
    this.onclose?.(reason);
  }

  async close(): Promise<void> {
    if (this.closedReason) return;
    await this.transport.close().catch(() => undefined);
    this.fail(new UpstreamUnavailableError("The upstream connection was closed"));
  }
}
