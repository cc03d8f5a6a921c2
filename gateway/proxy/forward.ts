// Sends an agent's request upstream and carries back what the upstream says while working on it:
// progress (with the agent's own token restored), logging, and server→client requests such as
// sampling or elicitation (given ids of our own, answered through RelayRegistry). Cancellation
// flows the other way: an agent's notifications/cancelled or disconnect cancels the upstream work.
import type { Result } from "@modelcontextprotocol/sdk/types.js";
import type { ServerMessage } from "@/lib/upstream";
import { ErrorCodes, type Params } from "@/gateway/downstream/jsonrpc";
import type { Exchange } from "@/gateway/proxy/exchange";
import { RelayRegistry } from "@/gateway/proxy/relay-registry";

/** The client capability a server→client request needs. */
export const capabilityFor: Record<string, "sampling" | "elicitation" | "roots"> = {
  "sampling/createMessage": "sampling",
  "elicitation/create": "elicitation",
  "roots/list": "roots",
};

export async function forward(x: Exchange, method: string, params: Params | undefined, timeoutMs?: number): Promise<Result> {
  const { relay } = x.services;
  const clientToken = (params?._meta as { progressToken?: string | number } | undefined)?.progressToken;
  const upstreamParams = clientToken === undefined ? params : { ...params, _meta: { ...(params!._meta as object), progressToken: relay.nextProgressToken() } };
  const key = RelayRegistry.key(x.scope, x.requestId);
  const cancel = relay.track(key);
  x.responder.onAbort(() => cancel.abort("the agent disconnected"));
  relay.enter(x);
  const started = performance.now();
  try {
    return await x.upstream.request(method, upstreamParams, {
      timeoutMs: timeoutMs ?? x.services.config.upstreamTimeoutMs,
      signal: cancel,
      onRelated: (message) => relayToAgent(x, message, clientToken),
    });
  } finally {
    // The request log line says how much of its time the upstream took.
    x.log.upstreamMs = Math.round((performance.now() - started) * 100) / 100;
    relay.leave(x);
    relay.untrack(key, cancel);
  }
}

/** Delivers one upstream message to the agent of this exchange. */
export function relayToAgent(x: Exchange, message: ServerMessage, clientToken?: string | number): void {
  if ("id" in message) return relayRequest(x, message);
  if (message.method === "notifications/progress") {
    if (clientToken === undefined) return;
    x.responder.send({ ...message, params: { ...message.params, progressToken: clientToken } });
    return;
  }
  if (message.method === "notifications/cancelled") {
    const upstreamId = (message.params as { requestId?: string | number } | undefined)?.requestId;
    const agentId = upstreamId === undefined ? undefined : x.services.relay.agentIdFor(x.upstream, upstreamId);
    if (agentId) x.responder.send({ ...message, params: { ...message.params, requestId: agentId } });
    return;
  }
  x.responder.send(message as unknown as Record<string, unknown>);
}

function relayRequest(x: Exchange, message: ServerMessage & { id: string | number }): void {
  const capability = capabilityFor[message.method];
  const declared = x.session ? capability !== undefined && x.session.clientCapabilities[capability] !== undefined : true;
  if (!declared || !x.responder.canStream) {
    void x.upstream.respond(message.id, {
      error: { code: ErrorCodes.methodNotFound, message: `The agent's client cannot answer ${message.method} through Warden` },
    });
    return;
  }
  const agentId = x.services.relay.expectAnswer(x.upstream, message.id, x.grant.id);
  if (!agentId) {
    void x.upstream.respond(message.id, { error: { code: ErrorCodes.internalError, message: `Too many unanswered ${message.method} requests for this agent` } });
    return;
  }
  x.responder.send({ ...message, id: agentId });
}
