// GET (a session's stream for messages not tied to a request) and DELETE (end the session).
// Stateless requests have no session, so GET and DELETE answer 405 for them.
import type { IncomingMessage, ServerResponse } from "node:http";
import { ErrorCodes } from "@/gateway/downstream/jsonrpc";
import { replyError } from "@/gateway/downstream/http-replies";
import { EventStream } from "@/gateway/downstream/responder";
import type { Caller } from "@/gateway/downstream/post-handler";
import { accessTokenHash, bearerToken } from "@/gateway/enforce/authenticate";

function sessionOf(caller: Caller, req: IncomingMessage, res: ServerResponse) {
  const id = req.headers["mcp-session-id"];
  if (typeof id !== "string") {
    replyError(res, 405, ErrorCodes.invalidRequest, "Method Not Allowed without an Mcp-Session-Id", null, { allow: "POST" });
    return undefined;
  }
  const session = caller.services.sessions.get(id, caller.grant.id);
  if (!session) replyError(res, 404, -32001, "Session not found: initialize a new session");
  return session;
}

export function handleGet(caller: Caller, req: IncomingMessage, res: ServerResponse): void {
  if (!(req.headers.accept ?? "").includes("text/event-stream")) {
    return replyError(res, 406, ErrorCodes.invalidRequest, "Not Acceptable: the client must accept text/event-stream");
  }
  const session = sessionOf(caller, req, res);
  if (!session) return;
  if (session.stream) return replyError(res, 409, ErrorCodes.invalidRequest, "Conflict: this session already has a stream");
  // A client gone while its grant was checked: its 'close' has fired, so a stream would never learn it ended.
  if (req.socket.destroyed) return;
  const { sessions, config } = caller.services;
  // Opened with an OAuth access token: revoking that token alone closes the stream. Its hash is the
  // one authentication computed (remembered there). A grant change closes it whatever the token.
  const token = bearerToken(req.headers.authorization);
  const tokenHash = token === undefined ? undefined : accessTokenHash(token);
  const stream: EventStream = new EventStream(res, { "mcp-session-id": session.id }, () => {
    // 'close' comes from the socket, never during this function: untrack is set by then.
    untrack();
    if (session.stream !== stream) return;
    session.stream = undefined;
    // An open stream counts as use: the idle timeout starts when it ends.
    sessions.touch(session);
  }, { maxBacklogBytes: config.streamBacklogBytes, keepAliveMs: config.streamKeepAliveMs });
  session.stream = stream;
  const untrack = sessions.trackStream(stream, { grantId: caller.grant.id, grantVersion: caller.grant.version, tokenHash });
}

export function handleDelete(caller: Caller, req: IncomingMessage, res: ServerResponse): void {
  const session = sessionOf(caller, req, res);
  if (!session) return;
  caller.services.sessions.delete(session.id);
  res.writeHead(200).end();
}
