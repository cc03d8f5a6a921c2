// The HTTP+SSE transport of protocol version 2024-11-05, for servers that predate Streamable
// HTTP: the SDK's client, given our guarded fetch so every connection passes the SSRF guard.
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { NetPolicy } from "@/lib/net/address-policy";
import type { GuardedAgents } from "@/lib/net/guarded-agents";
import { createGuardedFetch } from "@/lib/net/guarded-fetch";
import { assertSafeUrl } from "@/lib/net/url-guard";
import { UpstreamUnavailableError, type MessageOrigin, type UpstreamTransport } from "@/lib/upstream/types";

export type SseOptions = { url: string; headers?: Record<string, string>; policy: NetPolicy; agents: GuardedAgents };

export class SseTransport implements UpstreamTransport {
  readonly kind = "sse" as const;
  onmessage?: (message: JSONRPCMessage, origin: MessageOrigin) => void;
  onclose?: (reason: Error) => void;
  onerror?: (error: Error) => void;
  private readonly inner: SSEClientTransport;

  constructor(options: SseOptions) {
    const fetch = createGuardedFetch(options.policy, options.agents);
    const url = assertSafeUrl(options.url, options.policy);
    this.inner = new SSEClientTransport(url, {
      fetch,
      requestInit: { headers: options.headers ?? {} },
      eventSourceInit: { fetch: (input, init) => fetch(input, { ...init, headers: { ...options.headers, ...init?.headers } }) },
    });
    this.inner.onmessage = (message) => this.onmessage?.(message, {});
    this.inner.onerror = (error) => this.onerror?.(error);
    this.inner.onclose = () => this.onclose?.(new UpstreamUnavailableError("The upstream's SSE stream closed"));
  }

  async start(): Promise<void> {
    try {
      await this.inner.start();
    } catch (error) {
      throw new UpstreamUnavailableError(`Cannot open the upstream's SSE stream: ${(error as Error).message}`, { cause: error });
    }
  }

  send(message: JSONRPCMessage): Promise<void> {
    return this.inner.send(message);
  }

  setProtocolVersion(version: string): void {
    this.inner.setProtocolVersion?.(version);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
