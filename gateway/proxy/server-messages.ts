// Upstream messages that belong to no request of ours. A tool list change re-syncs the catalog
// (drift quarantine) before agents are told; resource updates go to the sessions that
// subscribed; logging goes to the call in progress or to every session's stream; a server
// request with no stream of its own (stdio) goes to the newest call waiting on that upstream, or
// else to a session stream whose client declared the capability.
import type { ServerMessage } from "@/lib/upstream";
import { ErrorCodes } from "@/gateway/downstream/jsonrpc";
import type { Services } from "@/gateway/proxy/exchange";
import { capabilityFor, relayToAgent } from "@/gateway/proxy/forward";
import type { ServerUpstream } from "@/gateway/upstream/server-upstream";

function broadcast(services: Services, upstream: ServerUpstream, message: ServerMessage, only?: (subscriptions: Set<string>) => boolean): void {
  for (const session of services.sessions.ofServer(upstream.server.id)) {
    if (only && !only(session.subscriptions)) continue;
    session.stream?.send(message as unknown as Record<string, unknown>);
  }
}

function relayRequest(services: Services, upstream: ServerUpstream, message: ServerMessage & { id: string | number }): void {
  const target = services.relay.activeOn(upstream).find((x) => x.responder.canStream);
  if (target) return relayToAgent(target, message);
  const capability = capabilityFor[message.method];
  const session = services.sessions
    .ofServer(upstream.server.id)
    .filter((s) => s.stream && capability && s.clientCapabilities[capability] !== undefined)
    .sort((a, b) => b.lastSeenAt - a.lastSeenAt)[0];
  if (session?.stream) {
    const agentId = services.relay.expectAnswer(upstream, message.id, session.grantId);
    if (session.stream.send({ ...message, id: agentId })) return;
  }
  void upstream.respond(message.id, { error: { code: ErrorCodes.methodNotFound, message: `No agent can answer ${message.method} right now` } });
}

export function handleServerMessage(services: Services, upstream: ServerUpstream, message: ServerMessage): void {
  if ("id" in message) return relayRequest(services, upstream, message);
  const active = services.relay.activeOn(upstream);
  switch (message.method) {
    case "notifications/tools/list_changed":
      void services.catalogs
        .refresh(upstream)
        .catch((error: Error) => services.logger.warn({ serverId: upstream.server.id, err: error.message }, "catalog refresh failed"))
        .finally(() => broadcast(services, upstream, message));
      return;
    case "notifications/resources/updated": {
      const uri = (message.params as { uri?: string } | undefined)?.uri;
      return broadcast(services, upstream, message, (subscriptions) => uri !== undefined && subscriptions.has(uri));
    }
    case "notifications/message":
      if (active[0]?.responder.canStream) return void active[0].responder.send(message as unknown as Record<string, unknown>);
      return broadcast(services, upstream, message);
    case "notifications/progress":
    case "notifications/cancelled":
      return;
    default:
      return broadcast(services, upstream, message);
  }
}
