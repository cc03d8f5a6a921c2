// The OAuth 2.1 authorization server (oidc-provider, certified): authorization code with PKCE
// S256 only, resource indicators binding each access token to one gateway MCP URL, dynamic
// client registration, Client ID Metadata Documents, rotating refresh tokens and revocation.
// Consent is Warden's own page (/oauth/consent/{uid}); every authorization asks for it, because
// each one creates a grant with its own organization and policy.
import Provider, { errors, type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { PostgresAdapter } from "@/lib/oauth/adapter";
import { revokeGrantsWithAuthorizations } from "@/lib/oauth/authorization-revoked";
import { nativeByShape, validateRedirectUris } from "@/lib/oauth/client-rules";
import { MCP_SCOPE, serverIdOfResource } from "@/lib/oauth/gateway-resource";
import { cookieKeys, signingKeys } from "@/lib/oauth/keys";

export const OAUTH_BASE = "/api/oauth";
export const ACCESS_TOKEN_TTL_SECONDS = 600;
const day = 24 * 60 * 60;

function routes(): Configuration["routes"] {
  const names = { authorization: "/auth", token: "/token", registration: "/reg", revocation: "/token/revocation", jwks: "/jwks", userinfo: "/me", end_session: "/session/end" };
  return Object.fromEntries(Object.entries(names).map(([name, path]) => [name, `${OAUTH_BASE}${path}`]));
}

async function configuration(): Promise<Configuration> {
  return {
    adapter: PostgresAdapter,
    clients: [],
    jwks: await signingKeys(),
    cookies: { keys: cookieKeys(), long: { httpOnly: true, sameSite: "lax" }, short: { httpOnly: true, sameSite: "lax" } },
    routes: routes(),
    // "mcp" is the gateway's scope (the resource server's, below); listed here too, since clients register with it.
    scopes: ["openid", "offline_access", MCP_SCOPE],
    responseTypes: ["code"],
    pkce: { methods: ["S256"], required: () => true },
    allowOmittingSingleRegisteredRedirectUri: false,
    clientAuthMethods: ["none", "client_secret_basic", "client_secret_post"],
    clientDefaults: { grant_types: ["authorization_code", "refresh_token"], response_types: ["code"], token_endpoint_auth_method: "none", id_token_signed_response_alg: "ES256" },
    enabledJWA: { idTokenSigningAlgValues: ["ES256"] },
    // A web client may not use a loopback or localhost redirect URI; native ones may (RFC 8252).
    extraClientMetadata: { properties: ["software_id"], validator: (ctx, key, _value, metadata) => {
      if (key !== "software_id") return;
      // oidc-provider has already defaulted application_type to "web": ask the registration itself.
      const registration = ctx?.oidc?.route === "registration" ? (ctx.oidc.body as Record<string, unknown> | undefined) : undefined;
      if (registration && nativeByShape(registration)) metadata.application_type = "native";
      validateRedirectUris(metadata);
    } },
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      resourceIndicators: {
        enabled: true,
        // No resource asked for: none is granted, and the consent page refuses the request.
        defaultResource: () => undefined as unknown as string,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (!serverIdOfResource(resource)) throw new errors.InvalidTarget("resource must be one of this gateway's MCP URLs: {GATEWAY_URL}/mcp/{serverId}");
          return { scope: MCP_SCOPE, audience: resource, accessTokenTTL: ACCESS_TOKEN_TTL_SECONDS, accessTokenFormat: "opaque" };
        },
      },
    },
    discovery: { client_id_metadata_document_supported: true },
    interactions: { url: (_ctx, interaction) => `/oauth/consent/${interaction.uid}` },
    // Each authorization gets its own grant from the consent page; a session never reuses one.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const grantId = ctx.oidc.result?.consent?.grantId;
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    // An MCP client keeps working after the person's browser session ends; revoking the grant ends it.
    expiresWithSession: async () => false,
    rotateRefreshToken: true,
    findAccount: async (_ctx, sub) => {
      const user = await db.user.findUnique({ where: { id: sub }, select: { id: true } });
      return user ? { accountId: user.id, claims: () => ({ sub: user.id }) } : undefined;
    },
    ttl: {
      AccessToken: ACCESS_TOKEN_TTL_SECONDS,
      AuthorizationCode: 60,
      Interaction: 30 * 60,
      Session: 14 * day,
      Grant: 90 * day,
      RefreshToken: 30 * day,
      IdToken: 3600,
    },
    renderError: async (ctx, out) => {
      ctx.type = "html";
      ctx.body = `<!doctype html><meta charset="utf-8"><title>Authorization failed</title><h1>Authorization failed</h1><p>${escapeHtml(String(out.error))}: ${escapeHtml(String(out.error_description ?? ""))}</p>`;
    },
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const cache = globalThis as unknown as { wardenOauthProvider?: Promise<Provider> };

/** The provider of this process, created once; the issuer is APP_URL. */
export function getProvider(): Promise<Provider> {
  cache.wardenOauthProvider ??= configuration().then((config) => {
    const provider = new Provider(env().APP_URL.replace(/\/+$/, ""), config);
    // Behind a TLS-terminating proxy, X-Forwarded-Proto says the request was https.
    provider.proxy = true;
    revokeGrantsWithAuthorizations(provider);
    return provider;
  });
  cache.wardenOauthProvider.catch(() => (cache.wardenOauthProvider = undefined));
  return cache.wardenOauthProvider;
}
