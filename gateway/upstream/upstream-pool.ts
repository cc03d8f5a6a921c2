// One ServerUpstream per registered server and version: a changed server (new URL, headers,
// command) gets a fresh connection, and connections nobody used for a while are closed.
import type { ServerRecord } from "@/gateway/state/records";
import { ServerUpstream, type UpstreamDeps } from "@/gateway/upstream/server-upstream";

const idleCloseMs = 10 * 60_000;

export class UpstreamPool {
  private readonly upstreams = new Map<string, ServerUpstream>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly deps: UpstreamDeps) {
    this.sweeper = setInterval(() => this.closeIdle(), 60_000);
    this.sweeper.unref();
  }

  get(server: ServerRecord): ServerUpstream {
    const existing = this.upstreams.get(server.id);
    if (existing && existing.server.version === server.version) return existing;
    if (existing) void existing.close();
    const upstream = new ServerUpstream(server, this.deps);
    this.upstreams.set(server.id, upstream);
    return upstream;
  }

  /** The server's row changed: the next request reconnects with the new settings. */
  retire(serverId: string): void {
    const existing = this.upstreams.get(serverId);
    if (!existing) return;
    this.upstreams.delete(serverId);
    void existing.close();
  }

  private closeIdle(): void {
    for (const [id, upstream] of this.upstreams) {
      if (Date.now() - upstream.lastUsedAt > idleCloseMs) this.retire(id);
    }
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    const all = [...this.upstreams.values()];
    this.upstreams.clear();
    await Promise.allSettled(all.map((upstream) => upstream.close()));
  }
}
