// Upstream messages that belong to no request of ours: neither carried on the response stream of
// one of our requests nor bearing one of our progress tokens (those go to their exchange through
// forward's onRelated). Who may receive them depends only on the connection they came on.
//
// - A session's dedicated connection serves that session alone, so everything on it is the
//   session's: server→client requests go to one of its calls in progress or its stream, logs
//   likewise, list changes and subscribed resource updates to its stream.
// - On the server's shared connection nothing says which agent a message is for, so nothing is
//   guessed: server→client requests are refused to the upstream and logs are dropped. Only what
//   carries no tenant data is passed on, to the sessions that share the connection: list changes
//   (after a tool list change re-syncs the catalog, for drift quarantine) and resource updates
//   for the URIs a session subscribed to.
import type { ServerMessage } from "@/lib/upstream";
import { ErrorCodes, type RequestId } from "@/gateway/downstream/jsonrpc";
import type { Session } from "@/gateway/downstream/sessions";
import type { Services } from "@/gateway/proxy/exchange";
import { capabilityFor, relayToAgent } from "@/gateway/proxy/forward";
import type { ServerUpstream } from "@/gateway/upstream/server-upstream";

type Payload = Record<string, unknown>;

const listChanges = new Set(["notifications/tools/list_changed", "notifications/prompts/list_changed", "notifications/resources/list_changed"]);

const updatedUri = (message: ServerMessage) => (message.params as { uri?: unknown } | undefined)?.uri;

function refuse(upstream: ServerUpstream, message: ServerMessage & { id: RequestId }, why: string): void {
  void upstream.respond(message.id, { error: { code: ErrorCodes.methodNotFound, message: `Warden cannot deliver ${message.method.slice(0, 100)}: ${why}` } });
}

/** The sessions on the server's shared connection (not those with a connection of their own). */
function sharingSessions(services: Services, serverId: string): Session[] {
  return services.sessions.ofServer(serverId).filter((session) => !services.upstreams.dedicated.of(session.id));
}

function fromShared(services: Services, upstream: ServerUpstream, message: ServerMessage): void {
  if ("id" in message) return refuse(upstream, message, "on a shared upstream connection it cannot tell which agent the request is for");
  if (message.method === "notifications/resources/updated") {
    const uri = updatedUri(message);
    for (const session of sharingSessions(services, upstream.server.id)) {
      if (typeof uri === "string" && session.subscriptions.has(uri)) session.stream?.send(message as unknown as Payload);
    }
    return;
  }
  if (!listChanges.has(message.method)) {
    services.logger.debug({ serverId: upstream.server.id, method: message.method }, "unrelated upstream message on a shared connection dropped");
    return;
  }
  announceListChange(services, upstream, message, () => sharingSessions(services, upstream.server.id));
}

function announceListChange(services: Services, upstream: ServerUpstream, message: ServerMessage, to: () => Session[]): void {
  const announce = () => {
    for (const session of to()) session.stream?.send(message as unknown as Payload);
  };
  if (message.method !== "notifications/tools/list_changed") return announce();
  void services.catalogs
    .refresh(upstream)
    .catch((error: Error) => services.logger.warn({ serverId: upstream.server.id, err: error.message }, "catalog refresh failed"))
    .finally(announce);
}

function toOwner(services: Services, upstream: ServerUpstream, owner: Session, message: ServerMessage): void {
  if (services.upstreams.dedicated.of(owner.id) !== upstream) {
    // The session ended (or the connection was replaced) while the message was on its way.
    if ("id" in message) refuse(upstream, message, "the agent's session has ended");
    return;
  }
  // Only this session's exchanges are ever sent on its connection, so any of them is the session.
  const call = services.relay.activeOn(upstream).find((x) => x.responder.canStream);
  if ("id" in message) {
    if (call) return relayToAgent(call, message);
    const capability = capabilityFor[message.method];
    if (!capability || owner.clientCapabilities[capability] === undefined) return refuse(upstream, message, "the agent's client did not declare it");
    const agentId = services.relay.expectAnswer(upstream, message.id, owner.grantId);
    if (!agentId) return refuse(upstream, message, "the agent has too many unanswered requests");
    if (owner.stream?.send({ ...message, id: agentId })) return;
    services.relay.takeAnswer(agentId, owner.grantId);
    return refuse(upstream, message, "the agent has no call in progress and no open stream");
  }
  if (listChanges.has(message.method)) return announceListChange(services, upstream, message, () => (services.upstreams.dedicated.of(owner.id) === upstream ? [owner] : []));
  if (message.method === "notifications/resources/updated") {
    const uri = updatedUri(message);
    if (typeof uri === "string" && owner.subscriptions.has(uri)) owner.stream?.send(message as unknown as Payload);
    return;
  }
  if (message.method === "notifications/progress") return;
  if (call) return relayToAgent(call, message);
  if (message.method === "notifications/cancelled") {
    const upstreamId = (message.params as { requestId?: RequestId } | undefined)?.requestId;
    const agentId = upstreamId === undefined ? undefined : services.relay.agentIdFor(upstream, upstreamId);
    if (agentId) owner.stream?.send({ ...message, params: { ...message.params, requestId: agentId } });
    return;
  }
  owner.stream?.send(message as unknown as Payload);
}

export function handleServerMessage(services: Services, upstream: ServerUpstream, message: ServerMessage): void {
  if (upstream.owner) return toOwner(services, upstream, upstream.owner, message);
  fromShared(services, upstream, message);
}
