// OAuth access tokens issued by the app's authorization server, mapped to their Warden grant with
// one query (token record joined to the grant bound to its authorization server grant). Results
// are cached briefly and boundedly; a change notification for the grant, the token or its
// authorization server grant drops them at once, so revocation holds on every worker.
import type { ChangePayload } from "@/gateway/state/state-cache";
import type { Database } from "@/gateway/state/database";
import type { GrantRecord } from "@/gateway/state/records";

export type OauthToken = {
  grant: GrantRecord;
  /** The resources (RFC 8707) the token was issued for: exactly one gateway MCP URL. */
  audience: string[];
  expiresAt: Date | null;
  clientId: string;
  oauthGrantId: string;
};

type Row = GrantRecord & { aud: unknown; tokenExpiresAt: Date | null; clientId: string | null; grantClientId: string | null; oauthGrantId: string };

const query = {
  name: "gw_oauth_token",
  text: `SELECT g.id, g."orgId", g."serverId", g."policyId", g."expiresAt", g."revokedAt", g.version, g."oauthClientId" AS "grantClientId",
           r.payload->'aud' AS aud, r.payload->>'clientId' AS "clientId", r."expiresAt" AS "tokenExpiresAt", r."grantId" AS "oauthGrantId"
         FROM oauth_records r JOIN grants g ON g."oauthGrantId" = r."grantId"
         WHERE r.model = 'AccessToken' AND r.id = $1`,
};

const liveQuery = {
  name: "gw_oauth_live_tokens",
  text: `SELECT id FROM oauth_records
         WHERE model = 'AccessToken' AND id = ANY($1) AND ("expiresAt" IS NULL OR "expiresAt" > (now() AT TIME ZONE 'UTC'))`,
};

export type OauthTokenCacheOptions = { ttlMs?: number; maxEntries?: number };

export class OauthTokenCache {
  private readonly entries = new Map<string, { token: OauthToken | null; at: number }>();
  private readonly loading = new Map<string, Promise<OauthToken | null>>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  /** Called with the sha256 of each access token deleted (revoked, or its authorization revoked): streams opened with it must close. */
  onTokenGone?: (tokenHash: string) => void;

  constructor(private readonly db: Database, options: OauthTokenCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 10_000;
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  /** The token's record and grant by the token's sha256, or null when unknown. Throws when the database cannot answer. */
  async byHash(hash: string, now = Date.now()): Promise<OauthToken | null> {
    const cached = this.entries.get(hash);
    if (cached && now - cached.at < this.ttlMs) return cached.token;
    const running = this.loading.get(hash);
    if (running) return running;
    const promise = this.load(hash).finally(() => this.loading.delete(hash));
    // Concurrent loads are single-flight, and bounded like the cache: beyond, callers query alone.
    if (this.loading.size < this.maxEntries) this.loading.set(hash, promise);
    return promise;
  }

  private async load(hash: string): Promise<OauthToken | null> {
    const { rows } = await this.db.query<Row>({ ...query, values: [hash] });
    const row = rows[0];
    const token = row && row.clientId === row.grantClientId ? tokenOf(row) : null;
    this.remember(hash, token);
    return token;
  }

  private remember(hash: string, token: OauthToken | null): void {
    this.entries.delete(hash);
    // At the cap the oldest entry goes (Map keeps insertion order).
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(hash, { token, at: Date.now() });
  }

  /** Drops what a change notification names: a grant, a deleted token, or every token of an authorization server grant. */
  apply(change: ChangePayload & { grantId?: string }): void {
    if (change.table === "grants") {
      for (const [hash, entry] of this.entries) if (entry.token?.grant.id === change.id) this.entries.delete(hash);
    } else if (change.table === "oauth_records") {
      this.entries.delete(change.id ?? "");
      if (change.id) this.onTokenGone?.(change.id);
      for (const [hash, entry] of this.entries) if (entry.token && entry.token.oauthGrantId === change.grantId) this.entries.delete(hash);
    }
  }

  clear(): void {
    this.entries.clear();
  }

  /**
   * Of these token hashes, the ones still live: an access token record that exists and has not
   * expired. One query per `batchSize` hashes (callers pass at most one per open stream). Throws
   * when the database cannot answer.
   */
  async liveHashes(hashes: string[], batchSize = 1_000): Promise<Set<string>> {
    const live = new Set<string>();
    for (let start = 0; start < hashes.length; start += batchSize) {
      const { rows } = await this.db.query<{ id: string }>({ ...liveQuery, values: [hashes.slice(start, start + batchSize)] });
      for (const row of rows) live.add(row.id);
    }
    return live;
  }

  get size(): number {
    return this.entries.size;
  }
}

function tokenOf(row: Row): OauthToken {
  const audience = Array.isArray(row.aud) ? row.aud.filter((a): a is string => typeof a === "string") : typeof row.aud === "string" ? [row.aud] : [];
  return {
    grant: { id: row.id, orgId: row.orgId, serverId: row.serverId, policyId: row.policyId, expiresAt: row.expiresAt, revokedAt: row.revokedAt, version: row.version },
    audience,
    expiresAt: row.tokenExpiresAt,
    clientId: row.clientId ?? "",
    oauthGrantId: row.oauthGrantId,
  };
}
