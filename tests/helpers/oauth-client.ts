// An MCP client's side of OAuth for tests: the SDK's OAuthClientProvider kept in memory, and a
// loopback callback server (the redirect URI) that hands over the authorization code.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";

export class MemoryOAuthProvider implements OAuthClientProvider {
  client: OAuthClientInformationMixed | undefined;
  saved: OAuthTokens | undefined;
  verifier = "";
  authorizationUrl: URL | undefined;
  clientMetadataUrl?: string;

  constructor(readonly redirectUrl: string, options: { clientName?: string; clientMetadataUrl?: string } = {}) {
    this.clientMetadataUrl = options.clientMetadataUrl;
    this.clientMetadata = {
      client_name: options.clientName ?? "Test MCP client",
      redirect_uris: [redirectUrl],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
      logo_uri: "https://client.example/logo.png",
      // A loopback redirect URI is for native applications only (RFC 8252).
      ...({ application_type: "native" } as object),
    };
  }

  readonly clientMetadata: OAuthClientMetadata;
  clientInformation() {
    return this.client;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.client = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}

export type Callback = { url: string; next(): Promise<URL>; close(): Promise<void> };

/** A redirect URI on 127.0.0.1: each request to it resolves the waiting next() with its URL. */
export async function startCallback(): Promise<Callback> {
  let waiting: ((url: URL) => void) | undefined;
  let received: URL | undefined;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    res.writeHead(200, { "content-type": "text/plain" }).end("You can close this window.");
    // The browser also asks for /favicon.ico: only the redirect URI's own path counts.
    if (url.pathname !== "/callback") return;
    if (waiting) waiting(url);
    else received = url;
    waiting = undefined;
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/callback`,
    next: () => {
      if (received) {
        const url = received;
        received = undefined;
        return Promise.resolve(url);
      }
      return new Promise<URL>((resolve) => (waiting = resolve));
    },
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
