// Issue #10, item 8: smaller holes, each tried by organization A on one shared gateway while
// organization B (the bystander) keeps calling. The gateway's log is captured throughout, so the
// last tests can check that no line ever held a token, and that B was served and audited.
import { request } from "node:http";
import { createServer } from "node:net";
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { decideApproval } from "@/lib/data/approvals";
import { createGrant, revokeGrant } from "@/lib/data/grants";
import { savePolicyVersion } from "@/lib/data/policies";
import { db } from "@/lib/db";
import type { RunningGateway } from "@/gateway/gateway";
import { startBystander, type Bystander } from "./bystander";
import { makeSetup, removeTestData } from "../fixtures";
import { awayFromMinuteEnd, connectAgent, startStandin, startTestGateway, textOf } from "../harness";

const logLines: string[] = [];
const tokens: string[] = [];
let standin: Awaited<ReturnType<typeof startStandin>>;
let gateway: RunningGateway;
let port: number;
let bystander: Bystander;

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port: free } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return free;
}

beforeAll(async () => {
  standin = await startStandin();
  port = await freePort();
  const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (logLines.push(chunk.toString("utf8")), done()) });
  // As `npm start` configures it: GATEWAY_URL=http://localhost:<port>.
  gateway = await startTestGateway(
    { port, allowedHosts: ["localhost"], allowedOrigins: [`http://localhost:${port}`], approvalProgressMs: 200 },
    pino({ level: "debug" }, sink),
  );
  bystander = await startBystander(gateway.url, standin.url);
  bystander.start();
});

afterAll(async () => {
  await bystander?.stop();
  await bystander?.client.close();
  await gateway?.close();
  await standin?.close();
  await removeTestData();
});

/** An organization A with the given policy, its token remembered for the log check. */
async function organizationA(document: unknown) {
  const setup = await makeSetup({ transport: "http", url: standin.url }, document);
  tokens.push(setup.token);
  return setup;
}

const forwarded = (tool: string, marker: string) => standin.toolCalls.filter((c) => c.tool === tool && JSON.stringify(c.arguments).includes(marker)).length;

async function auditRows(orgId: string) {
  await gateway.services.audit.drain(5_000);
  return db.auditEvent.findMany({ where: { orgId, kind: "gateway" }, orderBy: { seq: "asc" }, select: { decision: true, ruleId: true, reason: true, tool: true } });
}

describe("an approval never releases a call whose grant ended while it waited", () => {
  const HELD = { version: "1", default: "deny", tools: { set_experiment_tag: { action: "require_approval", approval: { timeout: "1m", mode: "hold" } } } };
  const actor = (userId: string) => ({ userId, apiKeyId: null });

  async function holdOne(setup: { grant: { id: string }; server: { id: string } }, token: string, key: string) {
    const agent = await connectAgent(gateway.url, setup.server.id, token);
    const call = agent.callTool({ name: "set_experiment_tag", arguments: { experiment_id: "2", key, value: "x" } });
    const approval = await vi.waitFor(async () => {
      const row = await db.approval.findFirst({ where: { grantId: setup.grant.id, status: "pending" } });
      expect(row).not.toBeNull();
      return row!;
    }, { timeout: 10_000, interval: 25 });
    return { agent, call, approval };
  }

  test("revoked, then approved: refused and not forwarded; the approval is not consumed", async () => {
    const setup = await organizationA(HELD);
    const { agent, call, approval } = await holdOne(setup, setup.token, "revoked-then-approved");
    await revokeGrant(setup.orgId, setup.grant.id);
    // The worker may close the approval before the person's click lands (409): refused either way.
    await decideApproval(setup.orgId, approval.id, { decision: "approved", actor: actor(setup.userId) }).catch((error: Error) => {
      expect(error.message).toMatch(/already expired/);
    });
    const result = await call;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/decision: deny[\s\S]*grant was revoked at .* while this call waited for approval/);
    expect(forwarded("set_experiment_tag", "revoked-then-approved")).toBe(0);
    expect((await db.approval.findUniqueOrThrow({ where: { id: approval.id } })).consumedAt).toBeNull();
    expect(await auditRows(setup.orgId)).toEqual([expect.objectContaining({ decision: "deny", ruleId: null, reason: expect.stringMatching(/grant was revoked/) })]);
    await agent.close();
  });

  test("revoked and nobody decides: refused at once, and the approval leaves the inbox", async () => {
    const setup = await organizationA(HELD);
    const { agent, call, approval } = await holdOne(setup, setup.token, "revoked-undecided");
    await revokeGrant(setup.orgId, setup.grant.id);
    const result = await call; // The approval's own timeout is a minute; the test's is far shorter.
    expect(textOf(result)).toMatch(/grant was revoked/);
    expect(await db.approval.findUniqueOrThrow({ where: { id: approval.id } })).toMatchObject({ status: "expired", note: expect.stringMatching(/revoked/) });
    expect(forwarded("set_experiment_tag", "revoked-undecided")).toBe(0);
    await agent.close();
  });

  test.each([
    ["revoked", { revokedAt: new Date() }, /grant was revoked/],
    ["expired", { expiresAt: new Date(Date.now() - 1_000) }, /grant expired at .* while this call waited/],
  ] as const)("%s in the same instant as the approval: refused, not forwarded", async (name, change, message) => {
    const setup = await organizationA(HELD);
    const { agent, call, approval } = await holdOne(setup, setup.token, `same-instant-${name}`);
    // One transaction: the worker sees the approval and the ended grant together.
    await db.$transaction([
      db.grant.update({ where: { id: setup.grant.id }, data: change }),
      db.approval.update({ where: { id: approval.id }, data: { status: "approved", decidedAt: new Date(), decidedById: setup.userId } }),
    ]);
    const result = await call;
    expect(textOf(result)).toMatch(message);
    expect(forwarded("set_experiment_tag", `same-instant-${name}`)).toBe(0);
    expect((await db.approval.findUniqueOrThrow({ where: { id: approval.id } })).consumedAt).toBeNull();
    await agent.close();
  });

  test("expired while it waited, then approved: refused and not forwarded", async () => {
    const setup = await organizationA(HELD);
    const expiring = await createGrant(setup.orgId, { serverId: setup.server.id, policyId: setup.policy.id, name: "expiring", expiresAt: new Date(Date.now() + 3_000) });
    tokens.push(expiring.token);
    const { agent, call, approval } = await holdOne({ ...setup, grant: expiring }, expiring.token, "expired-then-approved");
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiring.expiresAt!.getTime() - Date.now()) + 100));
    await decideApproval(setup.orgId, approval.id, { decision: "approved", actor: actor(setup.userId) }).catch((error: Error) => {
      expect(error.message).toMatch(/already expired/);
    });
    const result = await call;
    expect(textOf(result)).toMatch(/decision: deny[\s\S]*grant expired at .* while this call waited for approval/);
    expect(forwarded("set_experiment_tag", "expired-then-approved")).toBe(0);
    await agent.close();
  });

  test("a live grant's approval still releases the call", async () => {
    const setup = await organizationA(HELD);
    const { agent, call, approval } = await holdOne(setup, setup.token, "live-approved");
    await decideApproval(setup.orgId, approval.id, { decision: "approved", actor: actor(setup.userId) });
    expect((await call).isError).toBeFalsy();
    expect(forwarded("set_experiment_tag", "live-approved")).toBe(1);
    await agent.close();
  });
});

describe("an argument path that reads two ways is refused, not guessed", () => {
  // The upstream reads tags as an object; the stray "tags.team" key must not steer the policy.
  const AMBIGUOUS = { experiment_id: "2", tags: { team: "risk" }, "tags.team": "sandbox" };

  test.each([
    ["deny_if", { deny_if: [{ arg: "tags.team", op: "eq", value: "risk" }] }],
    ["when", { when: [{ arg: "tags.team", op: "eq", value: "sandbox" }] }],
  ])("%s: denied by its rule, naming the path; nothing forwarded", async (kind, rule) => {
    const setup = await organizationA({ version: "1", default: "deny", tools: { search_runs_by_tags: rule } });
    const agent = await connectAgent(gateway.url, setup.server.id, setup.token);
    const result = await agent.callTool({ name: "search_runs_by_tags", arguments: { ...AMBIGUOUS, marker: `ambiguous-${kind}` } });
    expect(textOf(result)).toMatch(new RegExp(`decision: deny[\\s\\S]*argument "tags\\.team" is ambiguous[\\s\\S]*Rule: /tools/search_runs_by_tags/${kind}/0`));
    expect(forwarded("search_runs_by_tags", `ambiguous-${kind}`)).toBe(0);
    expect(await auditRows(setup.orgId)).toEqual([expect.objectContaining({ decision: "deny", ruleId: `/tools/search_runs_by_tags/${kind}/0` })]);
    await agent.close();
  });
});

test("a raised limit takes effect at once on the worker that saw the window full", async () => {
  const limited = (max: number) => ({ version: "1", default: "deny", tools: { get_experiments: { limits: [{ counter: "reads", window: "minute", max }] } } });
  const setup = await organizationA(limited(2));
  const agent = await connectAgent(gateway.url, setup.server.id, setup.token);
  await awayFromMinuteEnd(20);
  const call = async () => (await agent.callTool({ name: "get_experiments", arguments: {} })).isError ? "refused" : "served";
  expect([await call(), await call(), await call(), await call()]).toEqual(["served", "served", "refused", "refused"]);

  await savePolicyVersion(setup.orgId, setup.policy.id, limited(5), { authorId: setup.userId });
  // The worker has the new version (NOTIFY): its very next call must not be refused from memory.
  await vi.waitFor(async () => expect((await gateway.services.state.policy(setup.policy.id))?.version).toBe(2), { timeout: 5_000, interval: 20 });
  expect([await call(), await call(), await call(), await call()]).toEqual(["served", "served", "served", "refused"]);

  // Lowering it again refuses at once too.
  await savePolicyVersion(setup.orgId, setup.policy.id, limited(1), { authorId: setup.userId });
  await vi.waitFor(async () => expect((await gateway.services.state.policy(setup.policy.id))?.version).toBe(3), { timeout: 5_000, interval: 20 });
  expect(await call()).toBe("refused");
  await agent.close();
});

type RawResponse = { status: number; body: string };

/** One raw HTTP request: the request target is sent exactly as given (no client normalisation). */
function rawPost(target: string, headers: Record<string, string>, body: unknown): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method: "POST", path: target, headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

const initialize = { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "small-holes", version: "1.0.0" } } };

describe("the grant token never reaches a log line", () => {
  test("whatever the spelling of the secret URL", async () => {
    const setup = await organizationA({ version: "1", default: "allow", tools: {} });
    const t = setup.token;
    const escaped = t.replace(/_/g, "%5F");
    const spellings: [string, number | null][] = [
      [`/g/${t}/mcp`, 200],
      [`/./g/${t}/mcp`, 200],
      [`/g/${t}/./mcp`, 200],
      [`/g/${t}/x/../mcp`, 200],
      [`/g/${escaped}/mcp`, 200],
      [`/g/${t}/mcp?token=${t}`, 200],
      [`http://localhost:${port}/g/${t}/mcp`, 200],
      [`/g%2F${t}%2Fmcp`, 404],
      [`/g/${t}%2Fmcp`, 404],
      [`//g/${t}/mcp`, 404],
      [`/g//${t}/mcp`, null],
      [`/g/${t}/mcp/../x`, 404],
      [`/%67/${t}/mcp`, 404],
      [`/nowhere/${t}`, 404],
    ];
    const before = logLines.length;
    for (const [target, status] of spellings) {
      const response = await rawPost(target, { host: `localhost:${port}` }, initialize);
      if (status !== null) expect(response.status, target).toBe(status);
    }
    await vi.waitFor(() => expect(logLines.slice(before).filter((line) => line.includes('"msg":"request"')).length).toBeGreaterThanOrEqual(spellings.length));
    const requestLines = logLines.slice(before).filter((line) => line.includes('"msg":"request"'));
    expect(requestLines.filter((line) => line.includes('"path":"/g/[token]/mcp"')).length).toBeGreaterThanOrEqual(7);
    for (const line of requestLines) expect(line).not.toContain(t.slice("wdn_g_".length, "wdn_g_".length + 16));
  });
});

describe("the gateway accepts its own origin on every loopback name", () => {
  // GATEWAY_URL is http://localhost:<port>; the official conformance suite's dns-rebinding-protection
  // scenario sends Host and Origin both as the URL it was given, e.g. 127.0.0.1:<port>.
  test.each([
    ["localhost", "localhost", "localhost"],
    ["127.0.0.1", "127.0.0.1", "127.0.0.1"],
    ["[::1]", "[::1]", "[::1]"],
    ["a 127.0.0.1 origin sent to localhost", "localhost", "127.0.0.1"],
  ])("%s: initialize answers 200", async (_name, hostName, originName) => {
    const setup = await organizationA({ version: "1", default: "allow", tools: {} });
    const response = await rawPost(`/g/${setup.token}/mcp`, { host: `${hostName}:${port}`, origin: `http://${originName}:${port}` }, initialize);
    expect(response.status, response.body).toBe(200);
  });

  test.each([
    ["DNS rebinding: foreign Host and Origin", "evil.example.com", "http://evil.example.com"],
    ["a foreign Origin", "localhost:PORT", "http://evil.example.com"],
    ["a foreign Origin on the gateway's port", "127.0.0.1:PORT", "http://evil.example.com:PORT"],
    ["another local page", "localhost:PORT", "http://localhost:1"],
  ])("%s: 403, nothing served", async (_name, host, origin) => {
    const setup = await organizationA({ version: "1", default: "allow", tools: {} });
    const at = (text: string) => text.replace("PORT", String(port));
    const response = await rawPost(`/g/${setup.token}/mcp`, { host: at(host), origin: at(origin) }, initialize);
    expect(response.status).toBe(403);
    expect(response.body).toMatch(/Forbidden/);
  });
});

describe("organization B, throughout", () => {
  test("no log line ever held a token of any organization", () => {
    expect(tokens.length).toBeGreaterThan(10);
    const all = logLines.join("\n");
    for (const token of tokens) expect(all).not.toContain(token.slice("wdn_g_".length, "wdn_g_".length + 16));
  });

  test("B was served, audited within a second, and its chain verifies", async () => {
    const report = await bystander.stop();
    expect(report.failures).toEqual([]);
    expect(report.served).toBe(report.total);
    expect(report.total).toBeGreaterThan(20);
    expect(await bystander.auditedCalls(report.total)).toBe(report.total);
    expect(await bystander.chainVerifies()).toBe(true);
    console.log(`small-holes: B served ${report.served}/${report.total}, p50 ${report.latencyMsP50.toFixed(1)} ms, max ${report.latencyMsMax.toFixed(1)} ms`);
  });
});
