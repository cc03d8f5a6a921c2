// In-memory copies of grants, policies, servers and tool catalogs. Loads are single-flight, and
// entries are dropped when a change notification names them (or the periodic version check finds
// them stale), so the next request reloads. Unknown token hashes are remembered briefly, so a
// flood of bad tokens cannot turn into a flood of queries.
import type { Database } from "@/gateway/state/database";
import {
  currentVersions,
  loadCatalogStates,
  loadGrant,
  loadPolicy,
  loadServer,
  type GrantRecord,
  type PolicyRecord,
  type ServerRecord,
  type ToolState,
} from "@/gateway/state/records";

export type ChangePayload = { table?: string; op?: string; orgId?: string; id?: string; policyId?: string; serverId?: string; version?: number; status?: string };

const unknownTokenTtlMs = 10_000;
const maxUnknownTokens = 10_000;

export class StateCache {
  private readonly grants = new Map<string, GrantRecord>();
  private readonly unknownTokens = new Map<string, number>();
  private readonly policies = new Map<string, PolicyRecord>();
  private readonly servers = new Map<string, ServerRecord>();
  private readonly catalogs = new Map<string, Map<string, ToolState>>();
  private readonly loading = new Map<string, Promise<unknown>>();
  private readonly touchedAt = new Map<string, number>();
  /** Called when a server's row changed or went away, so its upstream connection is replaced. */
  onServerChanged?: (serverId: string) => void;
  onApprovalChanged?: (approvalId: string) => void;
  /** Called when a grant changed (revoked, rotated, expiry moved): its open streams must re-authenticate. */
  onGrantChanged?: (grantId: string) => void;

  constructor(private readonly db: Database) {}

  private once<T>(key: string, load: () => Promise<T>): Promise<T> {
    const running = this.loading.get(key) as Promise<T> | undefined;
    if (running) return running;
    const promise = load().finally(() => this.loading.delete(key));
    this.loading.set(key, promise);
    return promise;
  }

  /** The grant a token hash belongs to, or null. Throws when the database cannot answer. */
  async grantByHash(hash: string): Promise<GrantRecord | null> {
    const cached = this.grants.get(hash);
    if (cached) return cached;
    const unknownAt = this.unknownTokens.get(hash);
    if (unknownAt !== undefined && Date.now() - unknownAt < unknownTokenTtlMs) return null;
    return this.once(`g:${hash}`, async () => {
      const grant = await loadGrant(this.db, hash);
      if (grant) this.grants.set(hash, grant);
      else this.rememberUnknown(hash);
      return grant;
    });
  }

  private rememberUnknown(hash: string): void {
    if (this.unknownTokens.size >= maxUnknownTokens) this.unknownTokens.delete(this.unknownTokens.keys().next().value!);
    this.unknownTokens.set(hash, Date.now());
  }

  /** Records that a grant was used, at most once a minute per grant (the trigger ignores this column). */
  touchGrant(grantId: string, now = Date.now()): void {
    const last = this.touchedAt.get(grantId) ?? 0;
    if (now - last < 60_000) return;
    this.touchedAt.set(grantId, now);
    if (this.touchedAt.size > 50_000) this.touchedAt.clear();
    this.db.query(`UPDATE grants SET "lastUsedAt" = (now() AT TIME ZONE 'UTC') WHERE id = $1`, [grantId]).catch(() => this.touchedAt.delete(grantId));
  }

  cachedPolicy(policyId: string): PolicyRecord | undefined {
    return this.policies.get(policyId);
  }

  async policy(policyId: string): Promise<PolicyRecord | null> {
    return this.policies.get(policyId) ?? this.once(`p:${policyId}`, async () => {
      const policy = await loadPolicy(this.db, policyId);
      if (policy) this.policies.set(policyId, policy);
      return policy;
    });
  }

  async server(serverId: string): Promise<ServerRecord | null> {
    return this.servers.get(serverId) ?? this.once(`s:${serverId}`, async () => {
      const server = await loadServer(this.db, serverId);
      if (server) this.servers.set(serverId, server);
      return server;
    });
  }

  async catalog(serverId: string): Promise<Map<string, ToolState>> {
    return this.catalogs.get(serverId) ?? this.once(`c:${serverId}`, async () => {
      const catalog = await loadCatalogStates(this.db, serverId);
      this.catalogs.set(serverId, catalog);
      return catalog;
    });
  }

  cachedCatalog(serverId: string): Map<string, ToolState> | undefined {
    return this.catalogs.get(serverId);
  }

  setCatalog(serverId: string, catalog: Map<string, ToolState>): void {
    this.catalogs.set(serverId, catalog);
  }

  /** Applies one change notification (ids and versions only) by dropping what it names. */
  apply(change: ChangePayload): void {
    switch (change.table) {
      case "grants":
        for (const [hash, grant] of this.grants) if (grant.id === change.id) this.grants.delete(hash);
        // A new or rotated token may have been remembered as unknown a moment ago.
        this.unknownTokens.clear();
        this.onGrantChanged?.(change.id ?? "");
        return;
      case "policies":
      case "policy_versions":
        this.policies.delete(change.id ?? "");
        return;
      case "mcp_servers":
        this.servers.delete(change.id ?? "");
        this.catalogs.delete(change.id ?? "");
        this.onServerChanged?.(change.id ?? "");
        return;
      case "tools":
        this.catalogs.delete(change.serverId ?? "");
        return;
      case "approvals":
        this.onApprovalChanged?.(change.id ?? "");
        return;
      default:
        if (change.policyId) this.policies.delete(change.policyId);
    }
  }

  /** After the listener reconnects, anything may have changed while it was away. */
  clear(): void {
    this.grants.clear();
    this.unknownTokens.clear();
    this.policies.clear();
    this.servers.clear();
    this.catalogs.clear();
  }

  /** The backstop to NOTIFY: drops every cached row whose version moved (or that is gone). */
  async checkVersions(): Promise<void> {
    const grants = [...this.grants.entries()];
    const [grantVersions, policyVersions, serverVersions] = await Promise.all([
      currentVersions(this.db, "grants", grants.map(([, grant]) => grant.id)),
      currentVersions(this.db, "policies", [...this.policies.keys()]),
      currentVersions(this.db, "mcp_servers", [...this.servers.keys()]),
    ]);
    for (const [hash, grant] of grants) if (grantVersions.get(grant.id) !== grant.version) this.grants.delete(hash);
    for (const [id, policy] of this.policies) if (policyVersions.get(id) !== policy.version) this.policies.delete(id);
    for (const [id, server] of this.servers) {
      if (serverVersions.get(id) !== server.version) this.apply({ table: "mcp_servers", id });
    }
    // Catalog statuses have no version: reload them all (cheap, and rare).
    this.catalogs.clear();
  }
}
