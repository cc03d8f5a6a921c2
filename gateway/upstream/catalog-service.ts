// Keeps each server's stored catalog in step with what the upstream lists, and answers which
// tools may be shown and called. A listing that differs from the cached catalog (a new tool, a
// changed fingerprint, a tool gone) is stored through syncCatalog, which quarantines changed
// tools; while the database cannot be written, changed and new tools are withheld (fail closed).
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "pino";
import { syncCatalog } from "@/lib/data/catalog";
import { toolFingerprint } from "@/lib/risk";
import { listAllTools } from "@/lib/upstream";
import type { ServerRecord, ToolState } from "@/gateway/state/records";
import type { StateCache } from "@/gateway/state/state-cache";
import type { ServerUpstream } from "@/gateway/upstream/server-upstream";

export type Catalog = Map<string, ToolState>;

const fingerprintOf = (tool: Tool) =>
  toolFingerprint({ name: tool.name, description: tool.description ?? "", inputSchema: tool.inputSchema ?? {}, annotations: tool.annotations ?? {} });

function differs(catalog: Catalog, tools: readonly Tool[], fingerprints: string[]): boolean {
  const listed = new Set<string>();
  for (const [index, tool] of tools.entries()) {
    listed.add(tool.name);
    const state = catalog.get(tool.name);
    const fingerprint = fingerprints[index];
    if (!state || state.status === "removed") return true;
    if (state.status === "active" && state.fingerprint !== fingerprint) return true;
    if (state.status === "quarantined" && state.fingerprint === fingerprint) return true;
    if (state.status === "quarantined" && state.driftFingerprint !== fingerprint) return true;
  }
  for (const [name, state] of catalog) if (state.status !== "removed" && !listed.has(name)) return true;
  return false;
}

/** What may be used when the change could not be stored: unchanged active tools only. */
function failClosed(catalog: Catalog, tools: readonly Tool[], fingerprints: string[]): Catalog {
  const result: Catalog = new Map();
  for (const [index, tool] of tools.entries()) {
    const state = catalog.get(tool.name);
    const ok = state?.status === "active" && state.fingerprint === fingerprints[index];
    result.set(tool.name, ok ? state : { status: "quarantined", fingerprint: state?.fingerprint ?? "", driftFingerprint: fingerprints[index] ?? null });
  }
  return result;
}

export class CatalogService {
  private readonly refreshing = new Map<string, Promise<Catalog>>();
  private readonly refreshedAt = new Map<string, number>();
  /**
   * The server's shared connection. A refresh is shared by every caller of the server, so it
   * lists through the shared connection: a session's dedicated one may close with the session
   * while another grant's call waits on the listing.
   */
  sharedUpstream?: (server: ServerRecord) => ServerUpstream;

  constructor(
    private readonly state: StateCache,
    private readonly logger: Logger,
  ) {}

  /** The catalog after taking this listing into account. */
  async observe(server: ServerRecord, tools: readonly Tool[]): Promise<Catalog> {
    const fingerprints = tools.map(fingerprintOf);
    let catalog: Catalog;
    try {
      catalog = await this.state.catalog(server.id);
    } catch {
      return failClosed(new Map(), tools, fingerprints);
    }
    if (!differs(catalog, tools, fingerprints)) return catalog;
    try {
      const result = await syncCatalog(server.orgId, server.id, tools.map((t) => ({ ...t, inputSchema: t.inputSchema as Record<string, unknown> })));
      if (result.quarantined.length > 0) this.logger.warn({ serverId: server.id, tools: result.quarantined }, "tool definitions changed: quarantined");
      const next: Catalog = new Map();
      for (const [index, tool] of tools.entries()) {
        const entry = result.catalog.find((e) => e.name === tool.name);
        if (!entry) continue;
        const drift = entry.status === "quarantined" ? fingerprints[index]! : null;
        // An active tool's listed schema is the approved one (same fingerprint).
        next.set(tool.name, { status: entry.status, fingerprint: entry.fingerprint, driftFingerprint: drift, inputSchema: entry.status === "active" ? tool.inputSchema : undefined });
      }
      for (const entry of result.catalog) if (!next.has(entry.name)) next.set(entry.name, { status: entry.status, fingerprint: entry.fingerprint, driftFingerprint: null });
      this.state.setCatalog(server.id, next);
      return next;
    } catch (error) {
      this.logger.warn({ serverId: server.id, err: (error as Error).message }, "catalog could not be stored; withholding changed tools");
      return failClosed(catalog, tools, fingerprints);
    }
  }

  /**
   * Lists the upstream's tools and observes them; concurrent refreshes of one server share one
   * listing, and with `maxAgeMs` a listing that recent is reused (calls to unknown tools must not
   * turn into a stream of tools/list requests).
   */
  async refresh(upstream: ServerUpstream, maxAgeMs = 0): Promise<Catalog> {
    const serverId = upstream.server.id;
    const running = this.refreshing.get(serverId);
    if (running) return running;
    const cached = this.state.cachedCatalog(serverId);
    if (cached && maxAgeMs > 0 && Date.now() - (this.refreshedAt.get(serverId) ?? 0) < maxAgeMs) return cached;
    this.refreshedAt.set(serverId, Date.now());
    const source = this.sharedUpstream?.(upstream.server) ?? upstream;
    const promise = (async () => {
      const connection = await source.connect();
      return this.observe(upstream.server, await listAllTools(connection, 15_000));
    })().finally(() => this.refreshing.delete(serverId));
    this.refreshing.set(serverId, promise);
    return promise;
  }
}
