// Keep-alive HTTP(S) agents whose every connection goes through the guarded lookup. One pair per
// upstream server gives each its own pooled connections, so a server that hangs can use up only
// its own sockets. Connecting (lookup, TCP and TLS) has a deadline, and idle pooled sockets close.
import http from "node:http";
import https from "node:https";
import type { Duplex } from "node:stream";
import type { NetPolicy } from "@/lib/net/address-policy";
import { guardedLookup } from "@/lib/net/guarded-lookup";

export type GuardedAgents = { http: http.Agent; https: https.Agent; destroy(): void };

export type AgentLimits = {
  /** Sockets per upstream origin; further requests wait in the agent's queue. */
  maxSockets?: number;
  /** From the start of the lookup to a connected (for HTTPS: TLS-established) socket. */
  connectTimeoutMs?: number;
  /** A pooled socket unused for this long is closed. */
  idleTimeoutMs?: number;
};

export const defaultAgentLimits = { maxSockets: 64, connectTimeoutMs: 10_000, idleTimeoutMs: 30_000 } as const;

export function createGuardedAgents(policy: NetPolicy, limits: AgentLimits = {}): GuardedAgents {
  const { maxSockets, connectTimeoutMs, idleTimeoutMs } = { ...defaultAgentLimits, ...limits };
  const lookup = guardedLookup(policy);
  // As many idle sockets are kept as may be busy: a burst must not close and reopen connections.
  // `timeout` is the idle timeout: the agent destroys a pooled socket that times out, while a
  // request on a busy socket only hears a 'timeout' event (requests have deadlines of their own).
  const options = { keepAlive: true, keepAliveMsecs: 15_000, maxSockets, maxFreeSockets: maxSockets, scheduling: "lifo" as const, lookup, timeout: idleTimeoutMs };
  const agents = {
    http: withConnectTimeout(new http.Agent(options), connectTimeoutMs, "connect"),
    https: withConnectTimeout(new https.Agent(options), connectTimeoutMs, "secureConnect"),
  };
  return { ...agents, destroy: () => (agents.http.destroy(), agents.https.destroy()) };
}

export function agentFor(agents: GuardedAgents, url: URL): http.Agent {
  return url.protocol === "https:" ? agents.https : agents.http;
}

/** Open sockets of a pair: `busy` carry a request, `idle` wait in the pool (for operators and tests). */
export function socketCounts(agents: GuardedAgents): { busy: number; idle: number } {
  const count = (table: NodeJS.ReadOnlyDict<unknown[]>) => Object.values(table).reduce((sum, list) => sum + (list?.length ?? 0), 0);
  return {
    busy: count(agents.http.sockets) + count(agents.https.sockets),
    idle: count(agents.http.freeSockets) + count(agents.https.freeSockets),
  };
}

export class ConnectTimeoutError extends Error {
  readonly code = "ETIMEDOUT";
  constructor(timeoutMs: number) {
    super(`no connection within ${Math.round(timeoutMs / 100) / 10} s`);
    this.name = "ConnectTimeoutError";
  }
}

// Node has no connect timeout of its own: a peer that drops SYNs, or a TLS handshake that never
// completes, would hold the socket (and the request on it) for minutes.
function withConnectTimeout<A extends http.Agent>(agent: A, timeoutMs: number, ready: "connect" | "secureConnect"): A {
  const create = agent.createConnection.bind(agent) as (...args: Parameters<A["createConnection"]>) => Duplex | null | undefined;
  agent.createConnection = ((...args: Parameters<A["createConnection"]>) => {
    const socket = create(...args);
    if (!socket) return socket;
    const timer = setTimeout(() => socket.destroy(new ConnectTimeoutError(timeoutMs)), timeoutMs);
    const clear = () => clearTimeout(timer);
    socket.once(ready, clear);
    socket.once("close", clear);
    return socket;
  }) as A["createConnection"];
  return agent;
}
