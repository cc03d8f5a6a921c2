// Opens an initialized connection to a registered server: a child process for stdio; for HTTP,
// Streamable HTTP first and the older HTTP+SSE transport when the server refuses the POST the
// way old servers do (400, 404 or 405), as the MCP specification recommends.
import type { ClientCapabilities, Implementation, Tool } from "@modelcontextprotocol/sdk/types.js";
import type { NetPolicy } from "@/lib/net/address-policy";
import { createGuardedAgents, type GuardedAgents } from "@/lib/net/guarded-agents";
import { UpstreamConnection } from "@/lib/upstream/connection";
import { SseTransport } from "@/lib/upstream/sse-transport";
import { StdioTransport } from "@/lib/upstream/stdio-transport";
import { StreamableHttpTransport } from "@/lib/upstream/streamable-http-transport";
import { UpstreamHttpError, UpstreamUnavailableError, type UpstreamConfig } from "@/lib/upstream/types";

export type ConnectOptions = {
  policy: NetPolicy;
  /** Pooled agents to reuse (the gateway keeps one pair per server); a private pair otherwise. */
  agents?: GuardedAgents;
  clientInfo?: Implementation;
  capabilities?: ClientCapabilities;
  timeoutMs?: number;
  /** Requests waiting for answers at once; more are refused (see ConnectionOptions). */
  maxPendingRequests?: number;
  /** Stdio upstreams run commands on this host: the caller must opt in. */
  allowStdio?: boolean;
  onStderr?: (line: string) => void;
};

const fallbackStatuses = new Set([400, 404, 405]);

export async function connectUpstream(config: UpstreamConfig, options: ConnectOptions): Promise<UpstreamConnection> {
  const connectionOptions = {
    clientInfo: options.clientInfo, capabilities: options.capabilities, defaultTimeoutMs: options.timeoutMs ?? 15_000, maxPendingRequests: options.maxPendingRequests,
  };
  if (config.transport === "stdio") {
    if (!options.allowStdio) throw new UpstreamUnavailableError("Stdio servers are disabled on this gateway (set WARDEN_ALLOW_STDIO=1 to enable them)");
    const transport = new StdioTransport({ ...config, onStderr: options.onStderr });
    return openOrClose(new UpstreamConnection(transport, connectionOptions));
  }
  const ownAgents = !options.agents;
  const agents = options.agents ?? createGuardedAgents(options.policy);
  const common = { url: config.url, headers: config.headers, policy: options.policy, agents };
  const owned = (connection: UpstreamConnection) => {
    if (ownAgents) connection.disposeWith(() => agents.destroy());
    return connection;
  };
  try {
    return owned(await openOrClose(new UpstreamConnection(new StreamableHttpTransport(common), connectionOptions)));
  } catch (error) {
    if (!(error instanceof UpstreamHttpError && fallbackStatuses.has(error.status))) {
      if (ownAgents) agents.destroy();
      throw error;
    }
    try {
      const transport = new SseTransport({ ...common, startTimeoutMs: connectionOptions.defaultTimeoutMs });
      return owned(await openOrClose(new UpstreamConnection(transport, connectionOptions)));
    } catch (sseError) {
      if (ownAgents) agents.destroy();
      // The Streamable HTTP failure is usually the more telling one.
      throw new UpstreamUnavailableError(`${error.message} (the SSE fallback failed too: ${(sseError as Error).message})`);
    }
  }
}

async function openOrClose(connection: UpstreamConnection): Promise<UpstreamConnection> {
  try {
    await connection.open();
    return connection;
  } catch (error) {
    await connection.close();
    throw error;
  }
}

/** Every tool the server offers, following pagination cursors (at most 100 pages). */
export async function listAllTools(connection: UpstreamConnection, timeoutMs?: number): Promise<Tool[]> {
  const tools: Tool[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const result = (await connection.request("tools/list", cursor ? { cursor } : undefined, { timeoutMs })) as { tools?: Tool[]; nextCursor?: string };
    tools.push(...(result.tools ?? []));
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return tools;
}
