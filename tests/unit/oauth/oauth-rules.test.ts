// The pure pieces of OAuth: which resource indicators name a gateway server, which redirect URIs
// a web client may register, and what the gateway answers in its metadata and 401 challenges.
import { describe, expect, test } from "vitest";
import { withDefaults } from "@/gateway/config";
import { bearerChallenge, metadataRoute, protectedResourceMetadata, publicBase } from "@/gateway/oauth/protected-resource";
import { nativeByShape, validateRedirectUris } from "@/lib/oauth/client-rules";
import { isMetadataDocumentClientId } from "@/lib/oauth/client-metadata-document";
import { serverIdOfResource } from "@/lib/oauth/gateway-resource";

const gateway = "https://gw.example.com";

describe("serverIdOfResource", () => {
  test.each([
    ["the exact MCP URL", `${gateway}/mcp/srv_abc123`, "srv_abc123"],
    ["a trailing slash", `${gateway}/mcp/srv_abc123/`, null],
    ["another origin", "https://evil.example.com/mcp/srv_abc123", null],
    ["another path", `${gateway}/g/srv_abc123/mcp`, null],
    ["a query", `${gateway}/mcp/srv_abc123?x=1`, null],
    ["not a server id", `${gateway}/mcp/grt_abc123`, null],
    ["the gateway's root", gateway, null],
  ])("%s", (_name, resource, expected) => {
    expect(serverIdOfResource(resource, gateway)).toBe(expected);
  });
});

describe("nativeByShape: desktop clients register without application_type", () => {
  test.each([
    ["public, loopback only (Claude Code, Cursor, Inspector)", { redirect_uris: ["http://localhost:33418/callback"], token_endpoint_auth_method: "none" }, true],
    ["no auth method given (public by default)", { redirect_uris: ["http://127.0.0.1:8080/cb", "http://[::1]:8080/cb"] }, true],
    ["says web", { application_type: "web", redirect_uris: ["http://localhost:8080/cb"] }, false],
    ["has a secret", { redirect_uris: ["http://localhost:8080/cb"], token_endpoint_auth_method: "client_secret_basic" }, false],
    ["mixes loopback with https", { redirect_uris: ["http://localhost:8080/cb", "https://app.example/cb"] }, false],
    ["https only", { redirect_uris: ["https://claude.ai/api/mcp/auth_callback"] }, false],
    ["no redirect URIs", { redirect_uris: [] }, false],
  ])("%s", (_name, registration, native) => {
    expect(nativeByShape(registration)).toBe(native);
  });
});

describe("validateRedirectUris", () => {
  test.each([
    ["web, https", { redirect_uris: ["https://claude.ai/api/mcp/auth_callback"] }, true],
    ["web, localhost", { redirect_uris: ["http://localhost:8080/cb"] }, false],
    ["web, 127.0.0.1", { redirect_uris: ["http://127.0.0.1:8080/cb"] }, false],
    ["web, [::1]", { redirect_uris: ["http://[::1]:8080/cb"] }, false],
    ["web, a.localhost", { redirect_uris: ["https://app.localhost/cb"] }, false],
    ["native, loopback", { application_type: "native", redirect_uris: ["http://127.0.0.1:8080/cb"] }, true],
  ])("%s", (_name, metadata, allowed) => {
    const refusal = (() => {
      try {
        validateRedirectUris(metadata);
        return null;
      } catch (error) {
        return error as { error?: string; error_description?: string };
      }
    })();
    if (allowed) expect(refusal).toBeNull();
    else expect(refusal).toMatchObject({ error: "invalid_redirect_uri", error_description: expect.stringMatching(/native/) });
  });
});

describe("isMetadataDocumentClientId", () => {
  test.each([
    ["https with a path", "https://client.example/oauth/client.json", true],
    ["https root", "https://client.example/", false],
    ["http", "http://client.example/client.json", false],
    ["credentials in the URL", "https://user:pw@client.example/client.json", false],
    ["a fragment", "https://client.example/client.json#x", false],
    ["a DCR id", "guz2W-PKUps83Fo_ZKta6", false],
  ])("%s", (_name, clientId, expected) => {
    expect(isMetadataDocumentClientId(clientId)).toBe(expected);
  });
});

describe("protected resource metadata", () => {
  const config = withDefaults({ databaseUrl: "postgres://x", appUrl: "https://app.example.com/", publicUrl: `${gateway}/` });

  test.each([
    ["path form", "/.well-known/oauth-protected-resource/mcp/srv_1", { serverId: "srv_1" }],
    ["root form", "/.well-known/oauth-protected-resource", {}],
    ["another path", "/.well-known/oauth-protected-resource/g/x/mcp", undefined],
  ])("%s", (_name, path, expected) => {
    expect(metadataRoute(path)).toEqual(expected);
  });

  test("the resource is the full MCP URL, spelled as GATEWAY_URL spells it", () => {
    const base = publicBase(config, { host: "ignored:1" });
    expect(protectedResourceMetadata(config, base, "srv_1")).toMatchObject({
      resource: `${gateway}/mcp/srv_1`, authorization_servers: ["https://app.example.com"], scopes_supported: ["mcp"],
    });
  });

  test("without GATEWAY_URL the base is the request's Host", () => {
    expect(publicBase(withDefaults({ databaseUrl: "postgres://x" }), { host: "127.0.0.1:4000" })).toBe("http://127.0.0.1:4000");
  });

  test.each([
    ["no token", { message: "Missing grant token" }, `Bearer resource_metadata="${gateway}/.well-known/oauth-protected-resource/mcp/srv_1", scope="mcp"`],
    ["a refused token", { error: "invalid_token", message: 'Bad "token"\n' }, `Bearer error="invalid_token", error_description="Bad token", resource_metadata="${gateway}/.well-known/oauth-protected-resource/mcp/srv_1", scope="mcp"`],
  ])("challenge for %s", (_name, failure, expected) => {
    expect(bearerChallenge(gateway, "srv_1", failure)).toBe(expected);
  });
});
