// Redirect URI rules beyond oidc-provider's own: a loopback or `localhost` redirect URI belongs
// to a native application (RFC 8252, MCP authorization), so a web client may not register one.
import { errors } from "oidc-provider";

const loopbackHosts = new Set(["localhost", "127.0.0.1", "[::1]"]);

export function isLoopbackRedirect(uri: string): boolean {
  try {
    const { hostname } = new URL(uri);
    return loopbackHosts.has(hostname) || hostname.endsWith(".localhost");
  } catch {
    return false;
  }
}

export function validateRedirectUris(metadata: { application_type?: unknown; redirect_uris?: unknown }): void {
  if (metadata.application_type === "native") return;
  const uris = Array.isArray(metadata.redirect_uris) ? (metadata.redirect_uris as string[]) : [];
  const loopback = uris.find(isLoopbackRedirect);
  if (loopback) throw new errors.InvalidClientMetadata(`redirect_uris: ${loopback} is a loopback address, allowed only for native clients (application_type "native")`);
}
