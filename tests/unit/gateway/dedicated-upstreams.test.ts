// Where a session's upstream traffic goes: a connection of its own when its client can be asked
// things (or it wants logs), within the per-grant and per-server bounds; the shared one otherwise,
// and once placed there for lack of room, it stays. Nothing here connects: connections open lazily.
import pino from "pino";
import { describe, expect, test } from "vitest";
import type { Session } from "@/gateway/downstream/sessions";
import type { ServerRecord } from "@/gateway/state/records";
import { DedicatedUpstreams } from "@/gateway/upstream/dedicated-upstreams";
import { upstreamCapabilities, type UpstreamDeps } from "@/gateway/upstream/server-upstream";

const deps: UpstreamDeps = { netPolicy: { allowPrivate: true }, allowStdio: true, logger: pino({ level: "silent" }), onUnrelated: () => undefined };
const server = (id = "srv_1", version = 1): ServerRecord => ({ id, orgId: "org_1", name: "s", version, config: { transport: "stdio", command: "true" } });
let sessions = 0;
const session = (grantId: string, clientCapabilities: Session["clientCapabilities"] = { elicitation: {} }, serverId = "srv_1"): Session => ({
  id: `mcp_${++sessions}`, grantId, orgId: "org_1", serverId, protocolVersion: "2025-06-18", clientCapabilities, clientInfo: undefined, stream: undefined, subscriptions: new Set(), lastSeenAt: 0,
});

describe("DedicatedUpstreams", () => {
  test.each([
    { name: "sampling", capabilities: { sampling: {} }, own: true },
    { name: "elicitation", capabilities: { elicitation: {} }, own: true },
    { name: "roots", capabilities: { roots: { listChanged: true } }, own: true },
    { name: "nothing the server can ask", capabilities: { experimental: {} }, own: false },
  ])("a session whose client declares $name: own connection $own", async ({ capabilities, own }) => {
    const dedicated = new DedicatedUpstreams(deps, { perGrant: 4, perServer: 4 });
    const s = session("grt_a", capabilities);
    const upstream = dedicated.get(s, server());
    expect(upstream !== undefined).toBe(own);
    expect(upstream?.owner).toBe(own ? s : undefined);
    expect(dedicated.get(s, server())).toBe(upstream);
    await dedicated.closeAll();
  });

  test("the bounds per grant and per server hold, and a session placed on the shared connection stays there", async () => {
    const dedicated = new DedicatedUpstreams(deps, { perGrant: 2, perServer: 3 });
    const [a1, a2, a3] = [session("grt_a"), session("grt_a"), session("grt_a")];
    expect(dedicated.get(a1, server())).toBeDefined();
    expect(dedicated.get(a2, server())).toBeDefined();
    expect(dedicated.get(a3, server())).toBeUndefined(); // grant bound
    const b1 = session("grt_b");
    const b2 = session("grt_b");
    expect(dedicated.get(b1, server())).toBeDefined();
    expect(dedicated.get(b2, server())).toBeUndefined(); // server bound
    expect(dedicated.count("srv_1")).toBe(3);
    await dedicated.end(a1);
    expect(dedicated.count("srv_1")).toBe(2);
    expect(dedicated.get(a3, server(), true)).toBeUndefined(); // placed on the shared one, it stays
    expect(dedicated.get(session("grt_a"), server())).toBeDefined(); // the freed slot goes to a new session
    await dedicated.closeAll();
  });

  test("a session that wanted nothing moves to its own connection when it asks for logs", async () => {
    const dedicated = new DedicatedUpstreams(deps, { perGrant: 4, perServer: 4 });
    const quiet = session("grt_a", {});
    expect(dedicated.get(quiet, server())).toBeUndefined();
    expect(dedicated.get(quiet, server())).toBeUndefined();
    const own = dedicated.get(quiet, server(), true);
    expect(own?.owner).toBe(quiet);
    expect(dedicated.of(quiet.id)).toBe(own);
    await dedicated.closeAll();
  });

  test("a changed server gets a new connection in the same slot; an ended session's connection closes", async () => {
    const dedicated = new DedicatedUpstreams(deps, { perGrant: 4, perServer: 4 });
    const s = session("grt_a");
    const first = dedicated.get(s, server())!;
    dedicated.retire("srv_1");
    expect(first.isClosed).toBe(true);
    const second = dedicated.get(s, server("srv_1", 2))!;
    expect(second).not.toBe(first);
    expect(second.isClosed).toBe(false);
    expect(dedicated.count("srv_1")).toBe(1);
    await dedicated.end(s);
    expect(second.isClosed).toBe(true);
    expect(dedicated.of(s.id)).toBeUndefined();
    expect(dedicated.count("srv_1")).toBe(0);
  });

  test("the shared connection declares no client capabilities; a dedicated one declares its client's", () => {
    const s = session("grt_a", { sampling: { tools: {} }, roots: { listChanged: true }, experimental: { x: {} } });
    expect(upstreamCapabilities(undefined)).toEqual({});
    expect(upstreamCapabilities(s)).toEqual({ sampling: { tools: {} }, roots: { listChanged: true } });
  });
});
