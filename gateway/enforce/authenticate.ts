// Grant authentication: the token (Bearer header or secret URL) is looked up by sha256 only.
// The outcome is data; an unreachable database is "try again" (503), never a pass.
import { hashToken } from "@/lib/crypto";
import type { GrantRecord } from "@/gateway/state/records";
import type { StateCache } from "@/gateway/state/state-cache";

export type AuthResult = { ok: true; grant: GrantRecord } | { ok: false; status: 401 | 503; message: string };

const tokenShape = /^wdn_g_[A-Za-z0-9_-]{16,200}$/;

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1];
}

const refuse = (message: string): AuthResult => ({ ok: false, status: 401, message });

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

export async function authenticate(state: StateCache, token: string | undefined, serverId: string | undefined, now = Date.now()): Promise<AuthResult> {
  if (!token) return refuse("Missing grant token: send Authorization: Bearer <grant token>, or use the grant's secret URL");
  if (!tokenShape.test(token)) return refuse("Unknown grant token");
  let grant: GrantRecord | null;
  try {
    grant = await state.grantByHash(hashOf(token));
  } catch {
    return { ok: false, status: 503, message: "Warden cannot check the grant right now (its database is unreachable); try again shortly" };
  }
  if (!grant) return refuse("Unknown grant token");
  if (grant.revokedAt) return refuse("This grant was revoked");
  if (grant.expiresAt && grant.expiresAt.getTime() <= now) return refuse(`This grant expired at ${grant.expiresAt.toISOString()}`);
  if (serverId !== undefined && grant.serverId !== serverId) return refuse("This grant is for another server");
  return { ok: true, grant };
}
