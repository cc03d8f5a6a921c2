// The gateway as an OAuth protected resource (RFC 9728, MCP 2025-11-25 authorization): its
// metadata names the app as authorization server, and a 401 says where that metadata is. The
// `resource` is the full MCP URL, which clients compare exactly with the URL they were given.
import type { IncomingHttpHeaders } from "node:http";
import type { GatewayConfig } from "@/gateway/config";

export const MCP_SCOPE = "mcp";
const metadataPrefix = "/.well-known/oauth-protected-resource";

/** The gateway's public origin: GATEWAY_URL when set, else the (host-guarded) Host the client used. */
export function publicBase(config: GatewayConfig, headers: IncomingHttpHeaders): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, "");
  return `http://${headers.host ?? `${config.host}:${config.port}`}`;
}

export const resourceUrl = (base: string, serverId: string) => `${base}/mcp/${serverId}`;
export const metadataUrl = (base: string, serverId: string) => `${base}${metadataPrefix}/mcp/${serverId}`;

/** The metadata route a path names: the server's (path form) or the gateway's (root form); undefined when neither. */
export function metadataRoute(path: string): { serverId?: string } | undefined {
  if (path === metadataPrefix || path === `${metadataPrefix}/`) return {};
  const match = /^\/\.well-known\/oauth-protected-resource\/mcp\/([A-Za-z0-9_-]{1,64})\/?$/.exec(path);
  return match ? { serverId: match[1] } : undefined;
}

export function protectedResourceMetadata(config: GatewayConfig, base: string, serverId: string | undefined): Record<string, unknown> {
  return {
    resource: serverId ? resourceUrl(base, serverId) : base,
    authorization_servers: [config.appUrl.replace(/\/+$/, "")],
    scopes_supported: [MCP_SCOPE],
    bearer_methods_supported: ["header"],
    resource_name: "Warden MCP gateway",
  };
}

/** WWW-Authenticate for a 401 on /mcp/{serverId}: where the metadata is, the scope, and the error when a token was refused. */
export function bearerChallenge(base: string, serverId: string, failure: { error?: string; message: string }): string {
  const quote = (text: string) => text.replace(/["\\]/g, "").replace(/[^\x20-\x7e]/g, "");
  const parts = [`resource_metadata="${metadataUrl(base, serverId)}"`, `scope="${MCP_SCOPE}"`];
  if (failure.error) parts.unshift(`error="${failure.error}"`, `error_description="${quote(failure.message)}"`);
  return `Bearer ${parts.join(", ")}`;
}
