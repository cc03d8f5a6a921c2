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

/**
 * Desktop MCP clients (Claude Code, Cursor, the MCP Inspector) register without
 * `application_type` but are native by their shape: public (no client secret) and redirecting
 * only to a loopback address (RFC 8252 section 7.3). Such a registration is stored as native; a
 * client that says "web", has a secret, or mixes loopback with other redirect URIs stays web.
 */
export function nativeByShape(registration: { application_type?: unknown; redirect_uris?: unknown; token_endpoint_auth_method?: unknown }): boolean {
  const uris = Array.isArray(registration.redirect_uris) ? (registration.redirect_uris as unknown[]) : [];
  return (
    registration.application_type === undefined &&
    (registration.token_endpoint_auth_method ?? "none") === "none" &&
    uris.length > 0 &&
    uris.every((uri) => typeof uri === "string" && isLoopbackRedirect(uri))
  );
}

/** A web client may not use a loopback or localhost redirect URI. */
export function validateRedirectUris(metadata: { application_type?: unknown; redirect_uris?: unknown }): void {
  if (metadata.application_type === "native") return;
  const uris = Array.isArray(metadata.redirect_uris) ? (metadata.redirect_uris as string[]) : [];
  const loopback = uris.find(isLoopbackRedirect);
  if (loopback) throw new errors.InvalidClientMetadata(`redirect_uris: ${loopback} is a loopback address, allowed only for native clients (application_type "native")`);
}
