// Authentication: a grant token (Bearer header or secret URL) or an OAuth access token from the
// app's authorization server (Bearer header on /mcp/{serverId}). Both are looked up by sha256
// only. The outcome is data; an unreachable database is "try again" (503), never a pass.
import { hashToken } from "@/lib/crypto";
import type { OauthTokenCache } from "@/gateway/oauth/access-tokens";
import type { GrantRecord } from "@/gateway/state/records";
import type { StateCache } from "@/gateway/state/state-cache";

export type AuthFailure = { ok: false; status: 401 | 503; message: string; error?: "invalid_token" };
export type AuthResult = { ok: true; grant: GrantRecord; via: "grant" | "oauth" } | AuthFailure;

/** For OAuth access tokens: the token cache and the exact MCP URL (resource) this request is for. */
export type OauthCheck = { tokens: OauthTokenCache; resource: string };

const tokenShape = /^wdn_g_[A-Za-z0-9_-]{16,200}$/;
const accessTokenShape = /^[A-Za-z0-9_-]{32,128}$/;

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1];
}

const refuse = (message: string): AuthFailure => ({ ok: false, status: 401, message, error: "invalid_token" });
const unavailable: AuthFailure = { ok: false, status: 503, message: "Warden cannot check the credentials right now (its database is unreachable); try again shortly" };

// Hashes of tokens seen recently: an agent sends the same token with every request.
const hashes = new Map<string, string>();
function hashOf(token: string): string {
  let hash = hashes.get(token);
  if (hash === undefined) {
    if (hashes.size >= 10_000) hashes.clear();
    hash = hashToken(token);
    hashes.set(token, hash);
  }
  return hash;
}

/**
 * The sha256 of a Bearer token that has an OAuth access token's shape (undefined for a grant
 * token): after authentication this is the hash it computed, remembered above, not a second one.
 */
export function accessTokenHash(token: string): string | undefined {
  return !tokenShape.test(token) && accessTokenShape.test(token) ? hashOf(token) : undefined;
}

function checkGrant(grant: GrantRecord, serverId: string | undefined, now: number): AuthResult | null {
  if (grant.revokedAt) return refuse("This grant was revoked");
  if (grant.expiresAt && grant.expiresAt.getTime() <= now) return refuse(`This grant expired at ${grant.expiresAt.toISOString()}`);
  if (serverId !== undefined && grant.serverId !== serverId) return refuse("This grant is for another server");
  return null;
}

export async function authenticate(state: StateCache, token: string | undefined, serverId: string | undefined, now = Date.now(), oauth?: OauthCheck): Promise<AuthResult> {
  if (!token) return { ok: false, status: 401, message: "Missing grant token: send Authorization: Bearer <grant token or OAuth access token>, or use the grant's secret URL" };
  if (!tokenShape.test(token)) {
    if (oauth && serverId !== undefined && accessTokenShape.test(token)) return authenticateAccessToken(oauth, token, serverId, now);
    return refuse("Unknown grant token");
  }
  let grant: GrantRecord | null;
  try {
    grant = await state.grantByHash(hashOf(token));
  } catch {
    return unavailable;
  }
  if (!grant) return refuse("Unknown grant token");
  return checkGrant(grant, serverId, now) ?? { ok: true, grant, via: "grant" };
}

async function authenticateAccessToken(oauth: OauthCheck, token: string, serverId: string, now: number): Promise<AuthResult> {
  let found;
  try {
    found = await oauth.tokens.byHash(hashOf(token), now);
  } catch {
    return unavailable;
  }
  if (!found) return refuse("Unknown or revoked access token");
  if (found.expiresAt && found.expiresAt.getTime() <= now) return refuse("This access token expired: refresh it or authorize again");
  // RFC 8707: the token was issued for exactly this MCP URL, or it is not accepted here.
  if (!found.audience.includes(oauth.resource)) return refuse(`This access token is for another resource, not ${oauth.resource}`);
  return checkGrant(found.grant, serverId, now) ?? { ok: true, grant: found.grant, via: "oauth" };
}
