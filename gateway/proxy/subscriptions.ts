// Resource subscriptions. A session with a connection of its own subscribes there, directly. On
// the server's shared connection one upstream subscription serves every sharing session that
// asked for the URI: it is sent when the first subscribes and released when the last one
// unsubscribes, moves to a connection of its own, or ends.
import type { Params } from "@/gateway/downstream/jsonrpc";
import type { Session } from "@/gateway/downstream/sessions";
import type { Exchange, Services } from "@/gateway/proxy/exchange";
import type { ServerUpstream } from "@/gateway/upstream/server-upstream";

/** Whether a session other than `except`, on the shared connection, holds a subscription to `uri`. */
function heldOnShared(services: Services, serverId: string, uri: string, except: Session): boolean {
  return services.sessions.ofServer(serverId).some((s) => s !== except && s.subscriptions.has(uri) && !services.upstreams.dedicated.of(s.id));
}

/** Subscriptions one session may hold, and the longest URI kept: the set lives as long as the session. */
export const maxSubscriptionsPerSession = 1_000;
export const maxSubscriptionUriLength = 2_048;

/** Why a resources/subscribe cannot be kept for this session, or null when it can. */
export function subscriptionRefusal(x: Exchange, method: string, params: Params | undefined): string | null {
  const uri = params?.uri;
  if (method !== "resources/subscribe" || !x.session || typeof uri !== "string") return null;
  if (uri.length > maxSubscriptionUriLength) return `Invalid params: "uri" is longer than ${maxSubscriptionUriLength} characters`;
  if (!x.session.subscriptions.has(uri) && x.session.subscriptions.size >= maxSubscriptionsPerSession) {
    return `A session may hold at most ${maxSubscriptionsPerSession} resource subscriptions: unsubscribe from one first`;
  }
  return null;
}

/** "local" when the shared connection's subscription state already is what this (un)subscribe asks for. */
export function sharedSubscription(x: Exchange, method: string, params: Params | undefined): "forward" | "local" {
  const uri = params?.uri;
  if (!x.session || typeof uri !== "string" || (method !== "resources/subscribe" && method !== "resources/unsubscribe")) return "forward";
  if (method === "resources/subscribe") x.session.subscriptions.add(uri);
  else x.session.subscriptions.delete(uri);
  if (x.upstream.owner) return "forward";
  return heldOnShared(x.services, x.server.id, uri, x.session) ? "local" : "forward";
}

function release(services: Services, session: Session, shared: ServerUpstream): Promise<unknown>[] {
  return [...session.subscriptions]
    .filter((uri) => !heldOnShared(services, session.serverId, uri, session))
    .map((uri) => shared.request("resources/unsubscribe", { uri }, { timeoutMs: services.config.upstreamTimeoutMs }).catch(() => undefined));
}

/** The session moved from the shared connection to its own: its subscriptions move with it. */
export async function moveSubscriptions(services: Services, session: Session, shared: ServerUpstream, own: ServerUpstream): Promise<void> {
  const timeoutMs = services.config.upstreamTimeoutMs;
  await Promise.all([...session.subscriptions].map((uri) => own.request("resources/subscribe", { uri }, { timeoutMs }).catch(() => undefined)));
  await Promise.all(release(services, session, shared));
}

/** The session ended: its connection of its own closes; on the shared one, what only it held is released. */
export function endSession(services: Services, session: Session): void {
  const hadOwn = services.upstreams.dedicated.of(session.id) !== undefined;
  void services.upstreams.dedicated.end(session);
  if (hadOwn) return;
  const shared = services.upstreams.sharedOf(session.serverId);
  if (shared && !shared.isClosed) void Promise.all(release(services, session, shared));
}
