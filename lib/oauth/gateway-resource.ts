// The resources tokens are issued for: one gateway MCP endpoint, `{GATEWAY_URL}/mcp/{serverId}`,
// spelled exactly as the gateway's protected resource metadata spells it.
import { env } from "@/lib/env";

export const MCP_SCOPE = "mcp";

/** `{GATEWAY_URL}/mcp/{serverId}` without a trailing slash. */
export function gatewayResource(serverId: string, gatewayUrl = env().GATEWAY_URL): string {
  return `${gatewayUrl.replace(/\/+$/, "")}/mcp/${serverId}`;
}

/** The server id a resource indicator names, or null when it is not exactly one of this gateway's MCP URLs. */
export function serverIdOfResource(resource: string, gatewayUrl = env().GATEWAY_URL): string | null {
  const prefix = `${gatewayUrl.replace(/\/+$/, "")}/mcp/`;
  if (!resource.startsWith(prefix)) return null;
  const serverId = resource.slice(prefix.length);
  return /^srv_[A-Za-z0-9]{1,60}$/.test(serverId) ? serverId : null;
}
