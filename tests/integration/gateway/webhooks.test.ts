// Webhook delivery by gateway workers to a real local receiver (node:http on 127.0.0.1, with
// private addresses allowed in this test's configuration): a held call's approval.pending arrives
// signed, a 500 is retried and then succeeds, the log shows both attempts, the decision follows as
// approval.decided; two workers send each delivery once; one tenant's hanging endpoint does not
// hold up another's; without the operator's permission a private address is never reached.
import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { decideApproval } from "@/lib/data/approvals";
import { createWebhook, listWebhooks, sendTestDelivery } from "@/lib/data/webhooks";
import { db } from "@/lib/db";
import { verifySignature } from "@/lib/webhooks/signature";
import { verifyApprovalLink } from "@/lib/approvals/signed-link";
import { account, makeSetup, removeTestData } from "./fixtures";
import { connectAgent, startStandin, startTestGateway } from "./harness";

type Received = { headers: http.IncomingHttpHeaders; body: string };
type Receiver = { url: string; received: Received[]; answer: (r: Received) => number | "hang"; close(): Promise<void> };

async function startReceiver(answer: Receiver["answer"] = () => 200): Promise<Receiver> {
  const receiver = { received: [] as Received[], answer } as Receiver;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r = { headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      receiver.received.push(r);
      const status = receiver.answer(r);
      if (status !== "hang") res.writeHead(status).end(status === 200 ? "ok" : "nope");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  receiver.close = () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve())));
  return receiver;
}

const approvalPolicy = { version: "1", default: "deny", tools: { set_experiment_tag: { action: "require_approval", approval: { timeout: "1m" } } } };
const fast = { webhookRetryBaseMs: 100, webhookPollMs: 100, appUrl: "https://warden.example.com" };
const events = ["approval.pending", "approval.decided"] as ("approval.pending" | "approval.decided")[];

let standin: Awaited<ReturnType<typeof startStandin>>;
const closers: (() => Promise<void>)[] = [];
beforeAll(async () => {
  process.env.WARDEN_ALLOW_PRIVATE_UPSTREAMS = "1";
  standin = await startStandin();
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});
afterAll(async () => {
  delete process.env.WARDEN_ALLOW_PRIVATE_UPSTREAMS;
  await standin?.close();
  await removeTestData();
});

async function gatewayWith(overrides: Parameters<typeof startTestGateway>[0]) {
  const gateway = await startTestGateway(overrides);
  closers.push(() => gateway.close());
  return gateway;
}
async function receiverWith(answer?: Receiver["answer"]) {
  const receiver = await startReceiver(answer);
  closers.push(() => receiver.close());
  return receiver;
}

describe("webhook delivery", () => {
  test("a held call's approval.pending arrives signed; a 500 is retried; the log shows both attempts; the decision follows", async () => {
    const setup = await makeSetup({ transport: "http", url: standin.url }, approvalPolicy);
    let answered = 0;
    const receiver = await receiverWith(() => (answered++ === 0 ? 500 : 200));
    const webhook = await createWebhook(setup.orgId, { url: receiver.url, events, format: "warden" });
    await gatewayWith(fast);
    const gateway = await gatewayWith(fast);
    const agent = await connectAgent(gateway.url, setup.server.id, setup.token);
    const call = agent.callTool({ name: "set_experiment_tag", arguments: { experiment_id: "2", key: "owner", value: "ada" } }).catch(() => undefined);

    await vi.waitFor(() => expect(receiver.received.length).toBe(2), { timeout: 15_000, interval: 50 });
    const [first, second] = receiver.received as [Received, Received];
    expect(first.body).toBe(second.body);
    expect(first.headers["warden-delivery"]).toBe(second.headers["warden-delivery"]);
    // The receiver's check: recompute the HMAC over "t.body" with the secret shown at creation.
    const header = String(second.headers["warden-signature"]);
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header)!;
    expect(createHmac("sha256", webhook.secret).update(`${t}.${second.body}`).digest("hex")).toBe(v1);
    expect(verifySignature(webhook.secret, header, second.body)).toMatchObject({ valid: true });
    expect(verifySignature(webhook.secret, header, second.body.replace("owner", "admin"))).toEqual({ valid: false, code: "MISMATCH" });

    const approval = await db.approval.findFirstOrThrow({ where: { grantId: setup.grant.id } });
    const org = await db.organization.findUniqueOrThrow({ where: { id: setup.orgId } });
    const sent = JSON.parse(second.body) as { type: string; data: Record<string, unknown> };
    expect(sent.type).toBe("approval.pending");
    expect(sent.data).toMatchObject({
      approvalId: approval.id, status: "pending", tool: "set_experiment_tag", rule: "/tools/set_experiment_tag",
      organization: { id: setup.orgId, slug: org.slug }, grant: { id: setup.grant.id, name: "agent" }, server: { id: setup.server.id, name: setup.server.name },
      policy: { id: setup.policy.id, version: 1 }, expiresAt: approval.expiresAt.toISOString(),
      arguments: { sha256: approval.argumentsHash, truncated: false },
      url: expect.stringMatching(new RegExp(`^https://warden\\.example\\.com/${org.slug}/approvals/${approval.id}\\?exp=\\d+&sig=`)),
    });
    // The link is signed for this approval (lib/approvals/signed-link.ts).
    const link = new URL(sent.data.url as string);
    expect(verifyApprovalLink(approval.id, link.searchParams.get("exp"), link.searchParams.get("sig")).valid).toBe(true);
    expect((sent.data.arguments as { preview: string }).preview).toContain('"value": "ada"');
    expect(second.body).not.toContain(setup.token);

    await vi.waitFor(async () => {
      const [listed] = await listWebhooks(setup.orgId);
      expect(listed!.deliveries[0]).toMatchObject({ event: "approval.pending", status: "succeeded", attempts: 2, lastStatusCode: 200 });
    }, { timeout: 5_000, interval: 50 });
    const row = await db.webhookDelivery.findFirstOrThrow({ where: { webhookId: webhook.id } });
    expect((row.attemptLog as { statusCode: number }[]).map((a) => a.statusCode)).toEqual([500, 200]);

    await decideApproval(setup.orgId, approval.id, { decision: "denied", note: "not now", actor: { userId: setup.userId, apiKeyId: null } });
    await vi.waitFor(() => expect(receiver.received.length).toBe(3), { timeout: 10_000, interval: 50 });
    expect(JSON.parse(receiver.received[2]!.body)).toMatchObject({ type: "approval.decided", data: { approvalId: approval.id, status: "denied", note: "not now" } });
    await call;
    await agent.close();
  });

  test("two gateway workers deliver each of 60 deliveries exactly once", async () => {
    const { org } = await account("wh-two");
    const receiver = await receiverWith();
    const webhook = await createWebhook(org.id, { url: receiver.url, events, format: "warden" });
    await gatewayWith({ ...fast, webhookConcurrencyPerOrg: 8 });
    await gatewayWith({ ...fast, webhookConcurrencyPerOrg: 8 });
    const ids = await Promise.all(Array.from({ length: 60 }, () => sendTestDelivery(org.id, webhook.id).then((d) => d.id)));
    await vi.waitFor(async () => {
      expect(await db.webhookDelivery.count({ where: { webhookId: webhook.id, status: "succeeded" } })).toBe(60);
    }, { timeout: 20_000, interval: 100 });
    const sent = receiver.received.map((r) => String(r.headers["warden-delivery"]));
    expect(sent.sort()).toEqual([...ids].sort());
    expect(await db.webhookDelivery.count({ where: { webhookId: webhook.id, attempts: { not: 1 } } })).toBe(0);
  });

  test("one tenant's hanging endpoint holds only its own slots: another tenant's delivery goes through", async () => {
    const a = await account("wh-slow");
    const b = await account("wh-fast");
    const hanging = await receiverWith(() => "hang");
    const fine = await receiverWith();
    const slow = await createWebhook(a.org.id, { url: hanging.url, events, format: "slack" });
    const quick = await createWebhook(b.org.id, { url: fine.url, events, format: "warden" });
    await gatewayWith({ ...fast, webhookConcurrencyPerOrg: 2, webhookTimeoutMs: 20_000 });
    for (let i = 0; i < 20; i++) await sendTestDelivery(a.org.id, slow.id);
    await vi.waitFor(() => expect(hanging.received.length).toBe(2), { timeout: 10_000, interval: 50 });
    const started = Date.now();
    await sendTestDelivery(b.org.id, quick.id);
    await vi.waitFor(() => expect(fine.received.length).toBe(1), { timeout: 10_000, interval: 50 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(hanging.received.length).toBe(2);
  });

  test("without the operator's permission, a webhook on a private address is refused at connect time and never reached", async () => {
    const { org } = await account("wh-ssrf");
    const receiver = await receiverWith();
    // Written directly: the app would refuse this URL too (see webhooks-api.test.ts).
    const webhook = await createWebhook(org.id, { url: receiver.url, events, format: "warden" });
    await gatewayWith({ ...fast, allowPrivateUpstreams: false, webhookMaxAttempts: 2 });
    const delivery = await sendTestDelivery(org.id, webhook.id);
    await vi.waitFor(async () => {
      const row = await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
      expect(row).toMatchObject({ status: "failed", attempts: 2, lastStatusCode: null, lastError: expect.stringMatching(/Refusing to connect/) });
    }, { timeout: 10_000, interval: 50 });
    expect(receiver.received).toEqual([]);
  });
});
