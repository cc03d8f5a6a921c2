// Keep-alive HTTP(S) agents whose every connection goes through the guarded lookup. One pair per
// upstream server gives each its own pooled connections.
import http from "node:http";
import https from "node:https";
import type { NetPolicy } from "@/lib/net/address-policy";
import { guardedLookup } from "@/lib/net/guarded-lookup";

export type GuardedAgents = { http: http.Agent; https: https.Agent; destroy(): void };

export function createGuardedAgents(policy: NetPolicy, maxSockets = 64): GuardedAgents {
  const lookup = guardedLookup(policy);
  // As many idle sockets are kept as may be busy: a burst must not close and reopen connections.
  const options = { keepAlive: true, keepAliveMsecs: 15_000, maxSockets, maxFreeSockets: maxSockets, scheduling: "lifo" as const, lookup };
  const agents = { http: new http.Agent(options), https: new https.Agent(options) };
  return { ...agents, destroy: () => (agents.http.destroy(), agents.https.destroy()) };
}

export function agentFor(agents: GuardedAgents, url: URL): http.Agent {
  return url.protocol === "https:" ? agents.https : agents.http;
}
