// POST on the agent endpoint: one JSON-RPC message. Requests are answered (JSON, or SSE when
// something must precede the answer); notifications and answers to server→client requests get
// 202. Every malformed input gets a JSON-RPC error with a 4xx status and reaches nothing else.
import type { IncomingMessage, ServerResponse } from "node:http";
import { SUPPORTED_PROTOCOL_VERSIONS } from "@modelcontextprotocol/sdk/types.js";
import { clientCapabilities, clientIdentity } from "@/gateway/downstream/client-info";
import { classify, ErrorCodes, errorMessage, type ClientMessage } from "@/gateway/downstream/jsonrpc";
import { replyAccepted, replyError, replyJson } from "@/gateway/downstream/http-replies";
import { readBody } from "@/gateway/downstream/request-body";
import { Responder } from "@/gateway/downstream/responder";
import type { Session } from "@/gateway/downstream/sessions";
import { dispatch, negotiateVersion } from "@/gateway/proxy/dispatch";
import type { Exchange, LogFields, Services } from "@/gateway/proxy/exchange";
import { RelayRegistry } from "@/gateway/proxy/relay-registry";
import type { GrantRecord, ServerRecord } from "@/gateway/state/records";
import type { ServerUpstream } from "@/gateway/upstream/server-upstream";

export type Caller = { services: Services; grant: GrantRecord; server: ServerRecord; upstream: ServerUpstream; log: LogFields };

type Acceptance = { json: boolean; sse: boolean };

/** What the Accept header admits of the two answers a POST can get (one parse per request). */
function acceptance(header: string | undefined): Acceptance {
  const found = { json: false, sse: false };
  for (const part of (header ?? "*/*").split(",")) {
    const end = part.indexOf(";");
    const media = (end === -1 ? part : part.slice(0, end)).trim().toLowerCase();
    if (media === "*/*") return { json: true, sse: true };
    if (media === "application/json") found.json = true;
    else if (media === "text/event-stream") found.sse = true;
  }
  return found;
}

function checkHeaders(req: IncomingMessage, accept: Acceptance): [number, string] | null {
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") return [415, "Unsupported Media Type: Content-Type must be application/json"];
  if (!accept.json && !accept.sse) return [406, "Not Acceptable: the client must accept application/json or text/event-stream"];
  const version = req.headers["mcp-protocol-version"];
  if (typeof version === "string" && !SUPPORTED_PROTOCOL_VERSIONS.includes(version)) return [400, `Bad Request: unsupported MCP-Protocol-Version ${version.slice(0, 40)}`];
  return null;
}

async function parseMessage(req: IncomingMessage, res: ServerResponse): Promise<ClientMessage | undefined> {
  const body = await readBody(req);
  if (!body.ok) {
    if (body.reason === "too_large") replyError(res, 413, ErrorCodes.invalidRequest, "Request body too large: at most 4 MB", null, { connection: "close" });
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(body.text);
  } catch {
    replyError(res, 400, ErrorCodes.parseError, "Parse error: the body is not valid JSON");
    return undefined;
  }
  const message = classify(value);
  if (message.kind !== "invalid") return message;
  replyError(res, 400, message.code, message.message, message.id);
  return undefined;
}

export async function handlePost(caller: Caller, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const accept = acceptance(req.headers.accept);
  const problem = checkHeaders(req, accept);
  if (problem) return replyError(res, problem[0], ErrorCodes.invalidRequest, problem[1]);
  const message = await parseMessage(req, res);
  if (!message) return;
  const sessionHeader = req.headers["mcp-session-id"];
  const isInitialize = message.kind === "request" && message.method === "initialize";
  let session: Session | undefined;
  if (typeof sessionHeader === "string" && !isInitialize) {
    session = caller.services.sessions.get(sessionHeader, caller.grant.id);
    if (!session) return replyError(res, 404, -32001, "Session not found: initialize a new session");
  }
  const scope = session?.id ?? `grant:${caller.grant.id}`;
  if (message.kind === "response") return answerServerRequest(caller, message, res);
  if (message.kind === "notification") return notification(caller, message, session, scope, res);
  await request(caller, message, session, scope, accept.sse, res);
}

function answerServerRequest(caller: Caller, message: Extract<ClientMessage, { kind: "response" }>, res: ServerResponse): void {
  const waiting = caller.services.relay.takeAnswer(message.id, caller.grant.id);
  if (waiting) {
    const answer = message.error ? { error: message.error } : { result: (message.result ?? {}) as Record<string, unknown> };
    void waiting.upstream.respond(waiting.upstreamId, answer);
  }
  replyAccepted(res);
}

function notification(caller: Caller, message: Extract<ClientMessage, { kind: "notification" }>, session: Session | undefined, scope: string, res: ServerResponse): void {
  caller.log.rpcMethod = message.method;
  if (message.method === "notifications/cancelled") {
    const requestId = message.params?.requestId;
    if (typeof requestId === "string" || typeof requestId === "number") caller.services.relay.cancel(RelayRegistry.key(scope, requestId), "cancelled by the agent");
  } else if (message.method === "notifications/roots/list_changed") {
    // Only a session's own upstream connection declared roots; the shared one has none to change.
    const own = session && caller.services.upstreams.dedicated.of(session.id);
    if (own) void own.notify(message.method).catch(() => undefined);
  }
  replyAccepted(res);
}

async function request(caller: Caller, message: Extract<ClientMessage, { kind: "request" }>, session: Session | undefined, scope: string, sseAllowed: boolean, res: ServerResponse): Promise<void> {
  const { services } = caller;
  const headers: Record<string, string> = session ? { "mcp-session-id": session.id } : {};
  let opened: Session | undefined;
  if (message.method === "initialize" && services.config.sessions) {
    opened = openSession(caller, message, res);
    if (!opened) return;
    headers["mcp-session-id"] = opened.id;
  }
  const responder = new Responder(res, { sseAllowed, headers, maxBacklogBytes: services.config.streamBacklogBytes });
  const x: Exchange = { ...caller, session, responder, scope, requestId: message.id };
  const answer = await dispatch(x, message.method, message.params);
  // The session is opened before the upstream is asked, so concurrent initializes cannot pass the caps; a failed one gives it back.
  if (opened && !("result" in answer)) services.sessions.delete(opened.id);
  responder.finish(answer);
}

/** A new session within the limits, or undefined after answering 429 with the limit that refused it. */
function openSession(caller: Caller, message: Extract<ClientMessage, { kind: "request" }>, res: ServerResponse): Session | undefined {
  const { services, grant, server, log } = caller;
  const admission = services.sessions.open({
    grantId: grant.id, orgId: grant.orgId, serverId: server.id, protocolVersion: negotiateVersion(message.params?.protocolVersion),
    clientCapabilities: clientCapabilities(message.params), clientInfo: clientIdentity(message.params),
  });
  if (admission.ok) {
    if (admission.evicted) services.logger.info({ grantId: grant.id, evictedGrantId: admission.evicted.grantId, sessions: services.sessions.size }, "session limit reached: least recently used session ended");
    return admission.session;
  }
  log.rpcMethod = message.method;
  services.logger.debug({ grantId: grant.id, limit: admission.limit, max: admission.max }, "session refused: limit reached");
  const held = admission.limit === "GATEWAY_MAX_SESSIONS_PER_GRANT"
    ? `this grant holds ${admission.max} sessions, each with an open stream`
    : `this gateway worker holds ${admission.max} sessions, and this organization holds the most of them`;
  const text = `Too many sessions: ${held} (limit ${admission.limit}=${admission.max}); end one with DELETE, then retry`;
  replyJson(res, 429, errorMessage(message.id, ErrorCodes.tooManySessions, text, { limit: admission.limit, max: admission.max }), { "retry-after": "5" });
  return undefined;
}
