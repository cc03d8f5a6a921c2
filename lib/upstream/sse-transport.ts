// The HTTP+SSE transport of protocol version 2024-11-05, for servers that predate Streamable
// HTTP: the SDK's client, given our guarded fetch so every connection passes the SSRF guard.
// Answers arrive on the one GET stream; each POST only hands a message over, so a POST that
// carries no request gets a deadline, and one carrying a request is aborted when it is abandoned.
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { NetPolicy } from "@/lib/net/address-policy";
import type { GuardedAgents } from "@/lib/net/guarded-agents";
import { createGuardedFetch, type GuardedFetch } from "@/lib/net/guarded-fetch";
import { assertSafeUrl } from "@/lib/net/url-guard";
import { defaultMessageTimeoutMs, UpstreamUnavailableError, type MessageOrigin, type UpstreamTransport } from "@/lib/upstream/types";

export type SseOptions = {
  url: string;
  headers?: Record<string, string>;
  policy: NetPolicy;
  agents: GuardedAgents;
  /** Bound on a POST that carries no request (notification, answer, cancel). */
  messageTimeoutMs?: number;
  /** Bound on opening the stream until the server names its endpoint. */
  startTimeoutMs?: number;
};

type RequestId = string | number;

export class SseTransport implements UpstreamTransport {
  readonly kind = "sse" as const;
  onmessage?: (message: JSONRPCMessage, origin: MessageOrigin) => void;
  onclose?: (reason: Error) => void;
  onerror?: (error: Error) => void;
  private readonly inner: SSEClientTransport;
  private readonly messageTimeoutMs: number;
  /** An abort switch for the POST of each of our requests, until the server took it. */
  private readonly posts = new Map<RequestId, AbortController>();

  constructor(private readonly options: SseOptions) {
    const fetch = createGuardedFetch(options.policy, options.agents);
    const url = assertSafeUrl(options.url, options.policy);
    this.messageTimeoutMs = options.messageTimeoutMs ?? defaultMessageTimeoutMs;
    this.inner = new SSEClientTransport(url, {
      fetch: (input, init) => this.post(fetch, input, init),
      requestInit: { headers: options.headers ?? {} },
      eventSourceInit: { fetch: (input, init) => fetch(input, { ...init, headers: { ...options.headers, ...init?.headers } }) },
    });
    this.inner.onmessage = (message) => this.onmessage?.(message, {});
    this.inner.onerror = (error) => this.onerror?.(error);
    this.inner.onclose = () => this.onclose?.(new UpstreamUnavailableError("The upstream's SSE stream closed"));
  }

  /** The SDK POSTs every message through here (it uses its own fetch only for the GET stream). */
  private post(fetch: GuardedFetch, input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
    const id = requestIdOf(init.body);
    const signals = init.signal ? [init.signal] : [];
    const controller = id === undefined ? undefined : this.posts.get(id);
    signals.push(controller ? controller.signal : AbortSignal.timeout(this.messageTimeoutMs));
    return fetch(input, { ...init, signal: AbortSignal.any(signals) });
  }

  /** A server that accepts the GET and never names its endpoint must not hold the opening for ever. */
  async start(): Promise<void> {
    const timeoutMs = this.options.startTimeoutMs ?? 15_000;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no endpoint within ${Math.round(timeoutMs / 100) / 10} s`)), timeoutMs);
    });
    try {
      await Promise.race([this.inner.start(), late]);
    } catch (error) {
      await this.inner.close();
      throw new UpstreamUnavailableError(`Cannot open the upstream's SSE stream: ${(error as Error).message}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  async send(message: JSONRPCMessage): Promise<void> {
    const id = "method" in message && "id" in message ? message.id : undefined;
    if (id === undefined) return this.inner.send(message);
    this.posts.set(id, new AbortController());
    try {
      await this.inner.send(message);
    } finally {
      this.posts.delete(id);
    }
  }

  abandon(id: RequestId): boolean {
    this.posts.get(id)?.abort(new Error("the request was abandoned"));
    // Once the POST is sent the server has the request, whether or not it answered the POST.
    return true;
  }

  setProtocolVersion(version: string): void {
    this.inner.setProtocolVersion?.(version);
  }

  close(): Promise<void> {
    for (const controller of this.posts.values()) controller.abort(new Error("the connection closed"));
    return this.inner.close();
  }
}

/** The id of the JSON-RPC request in a POST body, or undefined for a notification or an answer. */
function requestIdOf(body: RequestInit["body"]): RequestId | undefined {
  if (typeof body !== "string") return undefined;
  try {
    const message = JSON.parse(body) as { method?: unknown; id?: unknown };
    return typeof message.method === "string" && (typeof message.id === "string" || typeof message.id === "number") ? message.id : undefined;
  } catch {
    return undefined;
  }
}
