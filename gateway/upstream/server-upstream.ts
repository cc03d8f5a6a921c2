// The gateway's connection to one registered server: opened on first use and reopened with
// back-off when it dies (a stdio child that exits is restarted; an HTTP server that restarts gets
// a new session). Either shared by every agent of the server (requests are multiplexed), or
// dedicated to one agent session (`owner`), so that what the upstream sends unasked belongs to it.
import type { Logger } from "pino";
import type { NetPolicy } from "@/lib/net/address-policy";
import { createGuardedAgents, socketCounts, type GuardedAgents } from "@/lib/net/guarded-agents";
import {
  connectUpstream,
  UpstreamUnavailableError,
  type RequestOptions,
  type ServerMessage,
  type UpstreamConnection,
} from "@/lib/upstream";
import type { ClientCapabilities, InitializeResult, Result } from "@modelcontextprotocol/sdk/types.js";
import type { Session } from "@/gateway/downstream/sessions";
import type { ServerRecord } from "@/gateway/state/records";

export type UpstreamDeps = {
  netPolicy: NetPolicy;
  allowStdio: boolean;
  logger: Logger;
  /** Server messages that belong to no request of ours (list_changed, logging, resources/updated…). */
  onUnrelated: (upstream: ServerUpstream, message: ServerMessage) => void;
};

const maxBackoffMs = 30_000;

/**
 * What the gateway tells the upstream it can answer. A shared connection declares nothing: a
 * server→client request that arrives there unrelated to a call could be meant for any agent, so
 * it must not be invited. A dedicated connection declares what its session's client declared.
 */
export function upstreamCapabilities(owner: Session | undefined): ClientCapabilities {
  if (!owner) return {};
  const { sampling, elicitation, roots } = owner.clientCapabilities;
  return { ...(sampling ? { sampling } : {}), ...(elicitation ? { elicitation } : {}), ...(roots ? { roots } : {}) };
}

export class ServerUpstream {
  private connection: UpstreamConnection | undefined;
  private connecting: Promise<UpstreamConnection> | undefined;
  private failures = 0;
  private retryAt = 0;
  private lastError: Error | undefined;
  private closed = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private readonly agents: GuardedAgents;
  lastUsedAt = Date.now();

  constructor(
    readonly server: ServerRecord,
    private readonly deps: UpstreamDeps,
    /** The one agent session this connection serves; undefined for the server's shared connection. */
    readonly owner?: Session,
  ) {
    this.agents = createGuardedAgents(deps.netPolicy);
  }

  /** The child's process id for a stdio upstream that is running (for operators and tests). */
  get pid(): number | undefined {
    const transport = this.connection?.isClosed === false ? this.connection.transport : undefined;
    return transport && "pid" in transport ? (transport.pid as number | undefined) : undefined;
  }

  /** Closed for good (its server changed, its session ended, or the gateway stops). */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Calls forwarded to the upstream and not yet answered (for operators and tests). */
  get inFlight(): number {
    return this.connection && !this.connection.isClosed ? this.connection.pendingRequests : 0;
  }

  /** This server's own sockets (no other server's requests can use or wait for them), for operators and tests. */
  get sockets(): { busy: number; idle: number } {
    return socketCounts(this.agents);
  }

  get initializeResult(): InitializeResult | undefined {
    return this.connection && !this.connection.isClosed ? this.connection.initializeResult : undefined;
  }

  /** The live connection, opening it if needed; refuses at once while backing off after failures. */
  connect(): Promise<UpstreamConnection> {
    this.lastUsedAt = Date.now();
    if (this.connection && !this.connection.isClosed) return Promise.resolve(this.connection);
    if (this.closed) return Promise.reject(new UpstreamUnavailableError("The upstream connection was closed"));
    if (this.connecting) return this.connecting;
    const waitMs = this.retryAt - Date.now();
    if (waitMs > 0) {
      const reason = this.lastError ? `: ${this.lastError.message}` : "";
      return Promise.reject(new UpstreamUnavailableError(`The upstream server is unavailable; retrying in ${Math.ceil(waitMs / 1000)} s${reason}`));
    }
    this.connecting = this.open().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async open(): Promise<UpstreamConnection> {
    const { config } = this.server;
    try {
      const connection = await connectUpstream(config, {
        policy: this.deps.netPolicy,
        agents: this.agents,
        allowStdio: this.deps.allowStdio,
        capabilities: upstreamCapabilities(this.owner),
        clientInfo: { name: "warden-gateway", version: "0.1.0" },
        timeoutMs: 15_000,
        onStderr: (line) => this.deps.logger.debug({ serverId: this.server.id, line }, "upstream stderr"),
      });
      connection.onServerMessage = (message) => this.deps.onUnrelated(this, message);
      connection.onclose = (reason) => this.lost(connection, reason);
      // close() may have run while the handshake was under way: nobody would ever close this one.
      if (this.closed) {
        void connection.close();
        throw new UpstreamUnavailableError("The upstream connection was closed");
      }
      this.connection = connection;
      this.failures = 0;
      this.retryAt = 0;
      return connection;
    } catch (error) {
      if (!this.closed) this.failed(error as Error);
      throw error;
    }
  }

  private failed(error: Error): void {
    this.lastError = error;
    this.failures += 1;
    this.retryAt = Date.now() + Math.min(maxBackoffMs, 250 * 2 ** (this.failures - 1));
    this.deps.logger.warn({ serverId: this.server.id, err: error.message, failures: this.failures }, "upstream connection failed");
  }

  /** A connection that worked and then died is retried at once; repeated failures back off. */
  private lost(connection: UpstreamConnection, reason: Error): void {
    if (this.connection !== connection || this.closed) return;
    this.connection = undefined;
    this.lastError = reason;
    this.deps.logger.warn({ serverId: this.server.id, err: reason.message }, "upstream connection lost");
    // Reopen in the background so notifications (list_changed…) keep flowing and the next call is fast.
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => void this.connect().catch(() => undefined), Math.min(maxBackoffMs, 250 * 2 ** this.failures));
    this.restartTimer.unref();
  }

  async request(method: string, params: Record<string, unknown> | undefined, options: RequestOptions): Promise<Result> {
    const connection = await this.connect();
    return connection.request(method, params, options);
  }

  async notify(method: string, params?: Record<string, unknown>): Promise<void> {
    const connection = await this.connect();
    await connection.notify(method, params);
  }

  /** Answers a request the upstream sent us (sampling, elicitation, roots/list), with the agent's answer. */
  async respond(id: string | number, answer: { result: Result } | { error: { code: number; message: string; data?: unknown } }): Promise<void> {
    const connection = this.connection;
    if (!connection || connection.isClosed) return;
    await connection.respond(id, answer).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.restartTimer);
    await this.connection?.close();
    this.agents.destroy();
  }
}
