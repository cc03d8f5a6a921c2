// Hostile tenant: organization A points its webhooks at an endpoint that always fails and floods
// held calls, so its deliveries pile up in the shared outbox (each one retried for hours). Every
// worker's claim looks through the due deliveries, so an unbounded backlog is a cost on the shared
// database for every tenant. A webhook holds at most 1,000 deliveries waiting; beyond, new events
// for it are not queued. B's delivery still arrives within seconds while A's backlog is there.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import type { RunningGateway } from "@/gateway/gateway";
import { WARDEN_META_KEY } from "@/gateway/enforce/verdict";
import { createWebhook, sendTestDelivery } from "@/lib/data/webhooks";
import { db } from "@/lib/db";
import { makeSetup, removeTestData } from "../fixtures";
import { connectAgent, startStandin, startTestGateway } from "../harness";

const maxWaitingPerWebhook = 1_000;
const approvalPolicy = { version: "1", default: "allow", tools: { set_experiment_tag: { action: "require_approval", approval: { timeout: "30m", mode: "retry" } } } };
const events = ["approval.pending", "approval.decided"] as ("approval.pending" | "approval.decided")[];

let standin: Awaited<ReturnType<typeof startStandin>>;
let gateway: RunningGateway;
let server: http.Server;
let baseUrl = "";
const received: { path: string; body: string; at: number }[] = [];

beforeAll(async () => {
  process.env.WARDEN_ALLOW_PRIVATE_UPSTREAMS = "1";
  standin = await startStandin();
  // /a fails every time; /b answers 200.
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ path: req.url ?? "", body: Buffer.concat(chunks).toString("utf8"), at: Date.now() });
      res.writeHead(req.url === "/b" ? 200 : 500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await gateway?.close();
  await new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve())));
  await standin.close();
  delete process.env.WARDEN_ALLOW_PRIVATE_UPSTREAMS;
  await removeTestData();
});

/** `count` held calls of A's grant, as the gateway writes them (one statement: the triggers run per row). */
async function floodApprovals(setup: Awaited<ReturnType<typeof makeSetup>>, count: number) {
  await db.$executeRaw`
    INSERT INTO approvals ("orgId", "grantId", "serverId", "toolName", arguments, "argumentsHash", "policyId", "policyVersion", "ruleId", "expiresAt", mode)
    SELECT ${setup.orgId}, ${setup.grant.id}, ${setup.server.id}, 'set_experiment_tag', jsonb_build_object('value', 'flood-' || n), 'h' || n,
           ${setup.policy.id}, 1, '/tools/set_experiment_tag', (now() AT TIME ZONE 'UTC') + interval '30 minutes', 'retry'
    FROM generate_series(1, ${count}) n`;
}

describe("webhook backlog", () => {
  test("a failing webhook holds at most 1,000 deliveries waiting; B's delivery arrives within seconds meanwhile", async () => {
    const a = await makeSetup({ transport: "http", url: standin.url }, approvalPolicy);
    const b = await makeSetup({ transport: "http", url: standin.url }, approvalPolicy);
    const aHooks = [await createWebhook(a.orgId, { url: `${baseUrl}/a`, events, format: "warden" }), await createWebhook(a.orgId, { url: `${baseUrl}/a`, events, format: "warden" })];
    await createWebhook(b.orgId, { url: `${baseUrl}/b`, events, format: "warden" });

    const flood = 1_500;
    const started = Date.now();
    await floodApprovals(a, flood);
    const waiting = await db.webhookDelivery.groupBy({ by: ["webhookId"], where: { orgId: a.orgId, status: "pending" }, _count: true });
    console.log(`A: ${flood} held calls in ${Date.now() - started} ms; deliveries waiting per webhook: ${waiting.map((w) => w._count).join(", ")}`);
    expect(waiting).toHaveLength(aHooks.length);
    for (const w of waiting) expect(w._count).toBeLessThanOrEqual(maxWaitingPerWebhook);
    // "Send test" adds no more to a full backlog either.
    await expect(sendTestDelivery(a.orgId, aHooks[0]!.id)).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("1000 deliveries waiting") });

    gateway = await startTestGateway({ webhookRetryBaseMs: 60_000, webhookPollMs: 100 });
    const agent = await connectAgent(gateway.url, b.server.id, b.token);
    const held = await agent.callTool({ name: "set_experiment_tag", arguments: { experiment_id: "1", key: "stage", value: "b" } });
    const heldAt = Date.now();
    await agent.close();
    expect((held._meta?.[WARDEN_META_KEY] as { decision: string }).decision).toBe("approval_pending");
    await vi.waitFor(() => expect(received.some((r) => r.path === "/b" && r.body.includes("approval.pending"))).toBe(true), { timeout: 10_000, interval: 50 });
    const bMs = received.find((r) => r.path === "/b")!.at - heldAt;
    console.log(`B's approval.pending arrived ${bMs} ms after its held call (${received.filter((r) => r.path === "/a").length} of A's attempts by then)`);
    expect(bMs).toBeLessThan(5_000);
  });
});
