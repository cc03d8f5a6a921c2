// The agent endpoint, /mcp/{serverId} (Bearer token) and /g/{token}/mcp (secret URL):
// Host/Origin check → grant → server → the method's handler. One log line per request.
import type { IncomingMessage, ServerResponse } from "node:http";
import { replyError } from "@/gateway/downstream/http-replies";
import type { HostGuard } from "@/gateway/downstream/host-guard";
import { handlePost, type Caller } from "@/gateway/downstream/post-handler";
import { handleDelete, handleGet } from "@/gateway/downstream/stream-handlers";
import { authenticate, bearerToken, type AuthFailure } from "@/gateway/enforce/authenticate";
import { bearerChallenge, publicBase, resourceUrl } from "@/gateway/oauth/protected-resource";
import type { LogFields, Services } from "@/gateway/proxy/exchange";

export type McpRoute = { serverId?: string; token?: string };

const secretUrlChallenge = { "www-authenticate": 'Bearer realm="warden", error="invalid_token"' };

function refusalHeaders(services: Services, route: McpRoute, req: IncomingMessage, failure: AuthFailure): Record<string, string> {
  if (failure.status !== 401) return { "retry-after": "2" };
  if (route.serverId === undefined) return secretUrlChallenge;
  // On /mcp/{serverId} the challenge points OAuth clients at the protected resource metadata.
  return { "www-authenticate": bearerChallenge(publicBase(services.config, req.headers), route.serverId, failure) };
}

async function resolveCaller(services: Services, route: McpRoute, req: IncomingMessage, res: ServerResponse, log: LogFields): Promise<Caller | undefined> {
  const token = route.token ?? bearerToken(req.headers.authorization);
  const oauth = route.serverId === undefined ? undefined : { tokens: services.oauthTokens, resource: resourceUrl(publicBase(services.config, req.headers), route.serverId) };
  const auth = await authenticate(services.state, token, route.serverId, Date.now(), oauth);
  if (!auth.ok) {
    req.resume();
    replyError(res, auth.status, -32001, auth.message, null, refusalHeaders(services, route, req, auth));
    return undefined;
  }
  let server;
  try {
    server = await services.state.server(auth.grant.serverId);
  } catch {
    req.resume();
    replyError(res, 503, -32001, "Warden cannot load this server's settings right now (its database is unreachable); try again shortly", null, { "retry-after": "2" });
    return undefined;
  }
  if (!server) {
    req.resume();
    replyError(res, 404, -32001, "This grant's server no longer exists");
    return undefined;
  }
  services.state.touchGrant(auth.grant.id);
  log.grantId = auth.grant.id;
  log.serverId = server.id;
  return { services, grant: auth.grant, server, upstream: services.upstreams.get(server), log };
}

export async function handleMcp(services: Services, guard: HostGuard, route: McpRoute, req: IncomingMessage, res: ServerResponse, log: LogFields): Promise<void> {
  const refused = guard(req.headers);
  if (refused) {
    req.resume();
    return replyError(res, 403, -32000, `Forbidden: ${refused}`);
  }
  if (req.method !== "POST" && req.method !== "GET" && req.method !== "DELETE") {
    req.resume();
    return replyError(res, 405, -32000, "Method Not Allowed", null, { allow: "POST, GET, DELETE" });
  }
  const caller = await resolveCaller(services, route, req, res, log);
  if (!caller) return;
  if (req.method === "POST") return handlePost(caller, req, res);
  req.resume();
  if (req.method === "GET") return handleGet(caller, req, res);
  return handleDelete(caller, req, res);
}
