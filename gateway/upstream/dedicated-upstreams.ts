// Upstream connections of their own for agent sessions that can be asked things (sampling,
// elicitation, roots) or that want log messages (logging/setLevel). On a shared connection, what
// the upstream sends without naming one of our requests could be meant for any agent, so it is
// refused or dropped; on a session's own connection it can only be meant for that session.
//
// Each costs an upstream session (a child process for stdio), so they are bounded per grant and
// per server. A session is placed once, at its first request: on a connection of its own, or on
// the shared one, because it wants none or the bounds are reached. The one later move is from
// "wants none" to its own when it asks for log messages.
import type { Session } from "@/gateway/downstream/sessions";
import type { ServerRecord } from "@/gateway/state/records";
import { ServerUpstream, type UpstreamDeps } from "@/gateway/upstream/server-upstream";

export type DedicatedLimits = { perGrant: number; perServer: number };

type Placement = { kind: "own"; upstream: ServerUpstream } | { kind: "shared"; refused: boolean };

/** Whether the session's client can answer requests from the server, which only a connection of its own can route. */
export function answersServerRequests(session: Session): boolean {
  const { sampling, elicitation, roots } = session.clientCapabilities;
  return sampling !== undefined || elicitation !== undefined || roots !== undefined;
}

export class DedicatedUpstreams {
  private readonly placements = new Map<string, Placement>();
  private readonly perGrant = new Map<string, number>();
  private readonly perServer = new Map<string, number>();
  /** Connections of ended sessions still closing, so that shutdown can wait for them. */
  private readonly closing = new Set<Promise<void>>();

  constructor(
    private readonly deps: UpstreamDeps,
    private readonly limits: DedicatedLimits,
  ) {}

  /**
   * The session's own connection, placing the session on its first request; undefined means the
   * shared connection. `wantsLogs` (logging/setLevel) moves a session that wanted none to its own.
   */
  get(session: Session, server: ServerRecord, wantsLogs = false): ServerUpstream | undefined {
    const placement = this.placements.get(session.id);
    if (placement?.kind === "own") {
      if (!placement.upstream.isClosed && placement.upstream.server.version === server.version) return placement.upstream;
      // The server's settings changed (retired): same slot, new connection.
      void placement.upstream.close();
      placement.upstream = new ServerUpstream(server, this.deps, session);
      return placement.upstream;
    }
    if (placement?.refused || (placement && !wantsLogs)) return undefined;
    if (!placement && !wantsLogs && !answersServerRequests(session)) {
      this.placements.set(session.id, { kind: "shared", refused: false });
      return undefined;
    }
    if ((this.perGrant.get(session.grantId) ?? 0) >= this.limits.perGrant || (this.perServer.get(server.id) ?? 0) >= this.limits.perServer) {
      this.deps.logger.info({ serverId: server.id, grantId: session.grantId }, "dedicated upstream limit reached: the session shares the server's connection");
      this.placements.set(session.id, { kind: "shared", refused: true });
      return undefined;
    }
    const upstream = new ServerUpstream(server, this.deps, session);
    this.placements.set(session.id, { kind: "own", upstream });
    bump(this.perGrant, session.grantId, 1);
    bump(this.perServer, server.id, 1);
    return upstream;
  }

  /** The session's own connection, if it has one (without placing it). */
  of(sessionId: string): ServerUpstream | undefined {
    const placement = this.placements.get(sessionId);
    return placement?.kind === "own" ? placement.upstream : undefined;
  }

  /** Dedicated connections open for a server (for operators and tests). */
  count(serverId: string): number {
    return this.perServer.get(serverId) ?? 0;
  }

  /** The session ended: its connection (and child process) goes with it. */
  end(session: Session): Promise<void> {
    const placement = this.placements.get(session.id);
    this.placements.delete(session.id);
    if (placement?.kind !== "own") return Promise.resolve();
    bump(this.perGrant, session.grantId, -1);
    bump(this.perServer, placement.upstream.server.id, -1);
    const closed = placement.upstream.close().finally(() => this.closing.delete(closed));
    this.closing.add(closed);
    return closed;
  }

  /** The server's row changed: its dedicated connections close now and reopen with the new settings on next use. */
  retire(serverId: string): void {
    for (const placement of this.placements.values()) {
      if (placement.kind === "own" && placement.upstream.server.id === serverId) void placement.upstream.close();
    }
  }

  async closeAll(): Promise<void> {
    const owned = [...this.placements.values()].flatMap((p) => (p.kind === "own" ? [p.upstream] : []));
    this.placements.clear();
    this.perGrant.clear();
    this.perServer.clear();
    await Promise.allSettled([...owned.map((upstream) => upstream.close()), ...this.closing]);
  }
}

function bump(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next > 0) counts.set(key, next);
  else counts.delete(key);
}
