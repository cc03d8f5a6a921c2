// The gateway's HTTP server: the agent endpoint, health, readiness and metrics. Every request
// is logged once when its response ends, whatever happened, with the path the router parsed
// (a secret URL as "/g/[token]/mcp"), never the raw request target.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { replyError, replyJson } from "@/gateway/downstream/http-replies";
import { createHostGuard } from "@/gateway/downstream/host-guard";
import { handleMcp, type McpRoute } from "@/gateway/downstream/mcp-endpoint";
import { metadataRoute, protectedResourceMetadata, publicBase } from "@/gateway/oauth/protected-resource";
import { redactPath } from "@/gateway/ops/logger";
import type { LogFields, Services } from "@/gateway/proxy/exchange";

export type Readiness = () => Promise<{ ready: boolean; checks: Record<string, boolean> }>;

const serverPath = /^\/mcp\/([A-Za-z0-9_-]{1,64})\/?$/;

type MetadataRoute = { metadata: { serverId?: string } };

function route(path: string): McpRoute | MetadataRoute | "healthz" | "readyz" | "metrics" | undefined {
  if (path === "/healthz") return "healthz";
  const metadata = metadataRoute(path);
  if (metadata) return { metadata };
  if (path === "/readyz") return "readyz";
  if (path === "/metrics") return "metrics";
  let match = serverPath.exec(path);
  if (match) return { serverId: match[1] };
  match = /^\/g\/([^/]{1,256})\/mcp\/?$/.exec(path);
  if (match) return { token: decodeURIComponent(match[1]!) };
  return undefined;
}

type Target = { route: ReturnType<typeof route>; loggedPath: string };

/**
 * Routes the request target: origin-form ("/g/…", where "//" stays a path, not a host) or
 * absolute-form ("http://host/g/…"). What is logged comes from what was routed.
 */
function parseTarget(raw: string): Target {
  // The common case, "/mcp/{serverId}" with nothing to decode, needs no URL parser; its logged
  // form is itself unless it holds something token-shaped (what redactPath would change).
  const direct = serverPath.exec(raw);
  if (direct) return { route: { serverId: direct[1] }, loggedPath: /wdn_/i.test(raw) ? redactPath(raw) : raw };
  try {
    const pathname = (raw.startsWith("/") ? new URL(`http://gateway${raw}`) : new URL(raw)).pathname;
    const routed = route(pathname);
    const secret = typeof routed === "object" && "token" in routed && routed.token !== undefined;
    return { route: routed, loggedPath: secret ? "/g/[token]/mcp" : redactPath(pathname) };
  } catch {
    return { route: undefined, loggedPath: redactPath(raw) };
  }
}

async function serve(services: Services, readiness: Readiness, req: IncomingMessage, res: ServerResponse, log: LogFields, guard: ReturnType<typeof createHostGuard>, parsed: Target): Promise<void> {
  const target = parsed.route;
  if (target === "healthz") return replyJson(res, 200, { status: "ok" });
  if (target === "readyz") {
    const state = await readiness();
    return replyJson(res, state.ready ? 200 : 503, { status: state.ready ? "ready" : "not ready", checks: state.checks });
  }
  if (target === "metrics") {
    const body = await services.metrics.registry.metrics();
    res.writeHead(200, { "content-type": services.metrics.registry.contentType });
    return void res.end(body);
  }
  if (typeof target === "object" && "metadata" in target) {
    req.resume();
    const base = publicBase(services.config, req.headers);
    return replyJson(res, 200, protectedResourceMetadata(services.config, base, target.metadata.serverId), { "cache-control": "public, max-age=300", "access-control-allow-origin": "*" });
  }
  if (!target) {
    req.resume();
    return replyError(res, 404, -32000, "Not found: the MCP endpoint is /mcp/{serverId} or /g/{token}/mcp");
  }
  return handleMcp(services, guard, target, req, res, log);
}

export function createGatewayServer(services: Services, readiness: Readiness): Server {
  const guard = createHostGuard(services.config);
  // The request counter's child per status, so a request does not hash its labels.
  const requestsByStatus = new Map<number, { inc(): void }>();
  const countRequest = (status: number) => {
    let child = requestsByStatus.get(status);
    if (!child) requestsByStatus.set(status, (child = services.metrics.httpRequests.labels(String(status))));
    child.inc();
  };
  const server = createServer((req, res) => {
    const started = performance.now();
    const log: LogFields = {};
    const target = parseTarget(req.url ?? "/");
    // Writes are guarded (responder.ts), so an 'error' here is a bug to fix, logged rather than fatal to every tenant.
    res.on("error", (error) => services.logger.error({ err: error.message, stack: error.stack, path: target.loggedPath }, "error on a response"));
    res.on("close", () => {
      countRequest(res.statusCode);
      services.logger.info({ method: req.method, path: target.loggedPath, status: res.statusCode, ms: Math.round((performance.now() - started) * 100) / 100, ...log }, "request");
    });
    serve(services, readiness, req, res, log, guard, target).catch((error: Error) => {
      services.logger.error({ err: error.message, stack: error.stack }, "unhandled error in request");
      replyError(res, 500, -32603, "Internal error");
    });
  });
  // After listen, the server reports accept failures (EMFILE: out of file descriptors) here; without a listener they would end the process.
  server.on("error", (error) => services.logger.error({ err: error.message }, "HTTP server error"));
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}
