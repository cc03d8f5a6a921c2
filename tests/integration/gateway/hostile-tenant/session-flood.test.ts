// Organization A opens sessions without end, with megabytes of client info; organization B must
// still initialize, call and be audited. Sessions are capped per grant and per worker (429 with
// the limit's variable), give way least recently used first, expire when idle, and keep only a
// bounded part of what the client said at initialize.
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningGateway } from "@/gateway/gateway";
import { makeSetup, removeTestData } from "../fixtures";
import { connectAgent, startStandin, startTestGateway } from "../harness";
import { BYSTANDER_POLICY, startBystander } from "./bystander";

let standin: Awaited<ReturnType<typeof startStandin>>;
const clients: Client[] = [];

beforeAll(async () => {
  standin = await startStandin();
});
afterAll(async () => {
  await Promise.allSettled(clients.splice(0).map((client) => client.close()));
  await standin?.close();
  await removeTestData();
});

type Tenant = Awaited<ReturnType<typeof makeSetup>>;

function rpc(gateway: RunningGateway, tenant: Tenant, body: unknown, sessionId?: string) {
  return fetch(`${gateway.url}/mcp/${tenant.server.id}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${tenant.token}`, "content-type": "application/json", accept: "application/json, text/event-stream",
      ...(sessionId ? { "mcp-session-id": sessionId } : {}),
    },
    body: JSON.stringify(body),
  });
}

async function initialize(gateway: RunningGateway, tenant: Tenant, params: Record<string, unknown> = {}) {
  const res = await rpc(gateway, tenant, {
    jsonrpc: "2.0", id: 1, method: "initialize",
    params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" }, ...params },
  });
  const body = (await res.json()) as { result?: unknown; error?: { code: number; message: string; data?: unknown } };
  return { status: res.status, sessionId: res.headers.get("mcp-session-id") ?? "", retryAfter: res.headers.get("retry-after"), body };
}

async function pingStatus(gateway: RunningGateway, tenant: Tenant, sessionId: string): Promise<number> {
  const res = await rpc(gateway, tenant, { jsonrpc: "2.0", id: 2, method: "ping" }, sessionId);
  await res.body?.cancel();
  return res.status;
}

async function agent(gateway: RunningGateway, tenant: Tenant): Promise<Client> {
  const client = await connectAgent(gateway.url, tenant.server.id, tenant.token);
  clients.push(client);
  return client;
}

/** Waits until every session of the grant holds its GET stream (the SDK client opens it after initialize). */
async function streamsOpen(gateway: RunningGateway, grantId: string, count: number): Promise<void> {
  await expect.poll(() => gateway.services.sessions.ofGrant(grantId).filter((s) => s.stream).length).toBe(count);
}

describe("a grant's cap (3 sessions)", () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ maxSessionsPerGrant: 3, maxSessions: 1_000 });
  });
  afterAll(async () => {
    await gateway?.close();
  });

  test("A's least recently used session without a stream gives way; with a stream in each, A gets 429; B initializes, calls and is audited throughout", async () => {
    const b = await startBystander(gateway.url, standin.url);
    const a = await makeSetup({ transport: "http", url: standin.url }, BYSTANDER_POLICY);
    b.start();

    const raw = [await initialize(gateway, a), await initialize(gateway, a), await initialize(gateway, a)];
    expect(raw.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await pingStatus(gateway, a, raw[0]!.sessionId)).toBe(200); // raw[1] is now the least recently used
    const fourth = await initialize(gateway, a);
    expect(fourth.status).toBe(200);
    expect(await pingStatus(gateway, a, raw[1]!.sessionId)).toBe(404);
    expect(await Promise.all([raw[0]!, raw[2]!, fourth].map((r) => pingStatus(gateway, a, r.sessionId)))).toEqual([200, 200, 200]);
    expect(gateway.services.sessions.ofGrant(a.grant.id)).toHaveLength(3);

    // Sessions whose clients hold a stream are not taken away: past the cap, A is refused.
    for (const r of [raw[0]!, raw[2]!, fourth]) {
      const res = await fetch(`${gateway.url}/mcp/${a.server.id}`, { method: "DELETE", headers: { authorization: `Bearer ${a.token}`, "mcp-session-id": r.sessionId } });
      expect(res.status).toBe(200);
    }
    for (let i = 0; i < 3; i++) await agent(gateway, a);
    await streamsOpen(gateway, a.grant.id, 3);
    const refused = await initialize(gateway, a);
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBe("5");
    expect(refused.body.error).toMatchObject({ code: -32029, data: { limit: "GATEWAY_MAX_SESSIONS_PER_GRANT", max: 3 } });
    expect(refused.body.error!.message).toMatch(/Too many sessions.*GATEWAY_MAX_SESSIONS_PER_GRANT=3/);
    expect(gateway.services.sessions.ofGrant(a.grant.id)).toHaveLength(3);

    // Another agent of another organization opens a session while A is at its cap, and calls through it.
    const other = await agent(gateway, await makeSetup({ transport: "http", url: standin.url }, BYSTANDER_POLICY));
    expect((await other.callTool({ name: "search_experiments", arguments: {} })).isError).toBeFalsy();
    const report = await b.stop();
    console.info(`[session-flood] B served ${report.served}/${report.total}, latency p50 ${report.latencyMsP50.toFixed(1)} ms, max ${report.latencyMsMax.toFixed(1)} ms`);
    expect(report.failures).toEqual([]);
    expect(report.served).toBeGreaterThan(0);
    expect(await b.auditedCalls(report.total)).toBe(report.total);
    expect(await b.chainVerifies()).toBe(true);
  });

  test("a session keeps the client's name and version (cut to 100 characters) and only the capabilities the gateway acts on", async () => {
    const a = await makeSetup({ transport: "http", url: standin.url }, BYSTANDER_POLICY);
    const huge = "x".repeat(256 * 1024);
    const opened = await initialize(gateway, a, {
      clientInfo: { name: huge, version: huge, title: huge, icons: [{ src: huge }] },
      capabilities: { sampling: { note: huge }, roots: { listChanged: true }, elicitation: { form: {} }, experimental: { blob: huge } },
    });
    expect(opened.status).toBe(200);
    const [session] = gateway.services.sessions.ofGrant(a.grant.id);
    expect(session!.clientInfo).toEqual({ name: "x".repeat(100), version: "x".repeat(100) });
    expect(session!.clientCapabilities).toEqual({ sampling: {}, roots: { listChanged: true }, elicitation: { form: {} } });
    expect(JSON.stringify({ ...session, stream: undefined, subscriptions: undefined }).length).toBeLessThan(1_000);
  });
});

describe("the worker's cap (5 sessions)", () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ maxSessions: 5, maxSessionsPerGrant: 100 });
  });
  afterAll(async () => {
    await gateway?.close();
  });

  test("A, holding the most sessions, is refused at the cap; B still gets in, and A gives up its least recently used session", async () => {
    const b = await startBystander(gateway.url, standin.url); // B's first session
    const a = await makeSetup({ transport: "http", url: standin.url }, BYSTANDER_POLICY);
    const aClients = [];
    for (let i = 0; i < 4; i++) aClients.push(await agent(gateway, a));
    await streamsOpen(gateway, a.grant.id, 4);
    expect(gateway.services.sessions.size).toBe(5);

    const refused = await initialize(gateway, a);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: -32029, data: { limit: "GATEWAY_MAX_SESSIONS", max: 5 } });

    const bTenant = await makeSetup({ transport: "http", url: standin.url }, BYSTANDER_POLICY);
    const bSecond = await agent(gateway, bTenant);
    expect((await bSecond.callTool({ name: "search_experiments", arguments: {} })).isError).toBeFalsy();
    expect(await b.call()).toBeGreaterThan(0);
    expect(gateway.services.sessions.size).toBe(5);
    expect(gateway.services.sessions.ofGrant(a.grant.id)).toHaveLength(3);
    // A's oldest client lost its session (404): its next call fails, the others still work.
    await expect(aClients[0]!.callTool({ name: "search_experiments", arguments: {} })).rejects.toThrow();
    expect((await aClients[3]!.callTool({ name: "search_experiments", arguments: {} })).isError).toBeFalsy();
    expect((await b.stop()).failures).toEqual([]);
  });
});

describe("idle sessions (idle timeout 400 ms)", () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ sessionIdleMs: 400 });
  });
  afterAll(async () => {
    await gateway?.close();
  });

  test("a session without a stream that sends nothing expires; one with a stream, or in use, stays", async () => {
    const a = await makeSetup({ transport: "http", url: standin.url }, BYSTANDER_POLICY);
    const idle = await initialize(gateway, a);
    const busy = await initialize(gateway, a);
    const streaming = await agent(gateway, a);
    await streamsOpen(gateway, a.grant.id, 1);
    await expect.poll(async () => {
      expect(await pingStatus(gateway, a, busy.sessionId)).toBe(200);
      return gateway.services.sessions.ofGrant(a.grant.id).some((s) => s.id === idle.sessionId);
    }).toBe(false);
    expect(await pingStatus(gateway, a, idle.sessionId)).toBe(404);
    expect(await pingStatus(gateway, a, busy.sessionId)).toBe(200);
    expect((await streaming.callTool({ name: "search_experiments", arguments: {} })).isError).toBeFalsy();
  });
});
