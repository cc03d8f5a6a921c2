// The gateway's upstream connections. Each registered server (and version) has one shared
// connection: a changed server (new URL, headers, command) gets a fresh one, and connections
// nobody used for a while are closed. A session may also have a dedicated connection of its own
// (DedicatedUpstreams), closed when the session ends or its server changes.
import type { Session } from "@/gateway/downstream/sessions";
import type { ServerRecord } from "@/gateway/state/records";
import { DedicatedUpstreams, type DedicatedLimits } from "@/gateway/upstream/dedicated-upstreams";
import { ServerUpstream, type UpstreamDeps } from "@/gateway/upstream/server-upstream";

const idleCloseMs = 10 * 60_000;

export class UpstreamPool {
  private readonly upstreams = new Map<string, ServerUpstream>();
  private readonly sweeper: NodeJS.Timeout;
  readonly dedicated: DedicatedUpstreams;

  constructor(
    private readonly deps: UpstreamDeps,
    limits: DedicatedLimits,
  ) {
    this.dedicated = new DedicatedUpstreams(deps, limits);
    this.sweeper = setInterval(() => this.closeIdle(), 60_000);
    this.sweeper.unref();
  }

  /** The server's shared connection. */
  get(server: ServerRecord): ServerUpstream {
    const existing = this.upstreams.get(server.id);
    if (existing && existing.server.version === server.version) return existing;
    if (existing) void existing.close();
    const upstream = new ServerUpstream(server, this.deps);
    this.upstreams.set(server.id, upstream);
    return upstream;
  }

  /** The server's shared connection if there is one, without opening it. */
  sharedOf(serverId: string): ServerUpstream | undefined {
    return this.upstreams.get(serverId);
  }

  /** The connection a session's requests go to: its dedicated one when it has or may have one, else the shared one. */
  forSession(session: Session | undefined, server: ServerRecord): ServerUpstream {
    return (session && this.dedicated.get(session, server)) ?? this.get(server);
  }

  /** The server's row changed: the next request reconnects with the new settings. */
  retire(serverId: string): void {
    this.dedicated.retire(serverId);
    const existing = this.upstreams.get(serverId);
    if (!existing) return;
    this.upstreams.delete(serverId);
    void existing.close();
  }

  private closeIdle(): void {
    for (const [id, upstream] of this.upstreams) {
      if (Date.now() - upstream.lastUsedAt > idleCloseMs) {
        this.upstreams.delete(id);
        void upstream.close();
      }
    }
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    const all = [...this.upstreams.values()];
    this.upstreams.clear();
    await Promise.allSettled([...all.map((upstream) => upstream.close()), this.dedicated.closeAll()]);
  }
}
