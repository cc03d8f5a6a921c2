// Organization A tries to poison the audit: NUL, lone surrogates, a mix and very long strings in
// every field that reaches an audit row — the JSON-RPC id, the tool name, argument keys and values,
// reasons (from the policy, from Ajv, from the catalog) and the upstream's error texts. Every one of
// A's calls is stored, escaped and marked; B is served and audited within a second throughout; no
// audit write fails and both chains verify. Then rows Postgres refuses even when storable (an int
// out of range, an organization deleted while its rows waited) are split out of their batch.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { recordAuditNow, verifyAuditChain } from "@/lib/audit";
import { createGrant } from "@/lib/data/grants";
import { createPolicy } from "@/lib/data/policies";
import { db } from "@/lib/db";
import type { RunningGateway } from "@/gateway/gateway";
import { account, makeServer, makeSetup, removeTestData } from "../fixtures";
import { connectAgent, startStandin, startTestGateway } from "../harness";
import { startBystander, type Bystander } from "./bystander";
import { HTTP_ERROR_BODY, LIST_ERROR, RPC_ERROR, startPoisonUpstream } from "./poison-upstream";

const KINDS: [string, string][] = [
  ["NUL", "\u0000"],
  ["a lone high surrogate", "\ud800"],
  ["a lone low surrogate", "\udfff"],
  ["a mix", "a\u0000b\ud800c\udfff\\d😀\udc00\ud83d"],
  // Ids and tool names longer than 256 are refused before any audit (Invalid params); longer
  // strings come through argument values and the upstream's error texts below.
  ["a long one", "\u0000\ud800x\\".repeat(60)],
];

const A_POLICY = {
  version: "1",
  default: "deny",
  tools: {
    echo: {}, strict: {}, http_fail: {}, rpc_fail: {}, "probe_*": {},
    refused: { action: "deny", reason: 'Refused by A\'s policy: "quotes", a \\ backslash, ☃ and \u2028 stay as written' },
  },
};

let standin: Awaited<ReturnType<typeof startStandin>>;
let upstream: Awaited<ReturnType<typeof startPoisonUpstream>>;
let gateway: RunningGateway;
let bystander: Bystander;

beforeAll(async () => {
  standin = await startStandin();
  upstream = await startPoisonUpstream();
  gateway = await startTestGateway();
  bystander = await startBystander(gateway.url, standin.url);
});

afterAll(async () => {
  await bystander?.client.close();
  await gateway?.close();
  await upstream?.close();
  await standin?.close();
  await removeTestData();
});

/** Undoes the escaping of a field listed under detail.escaped. */
const unescape = (text: string) => text.replace(/\\(\\|u[0-9a-f]{4})/g, (_, code: string) => (code === "\\" ? "\\" : String.fromCharCode(parseInt(code.slice(1), 16))));
// A lone surrogate does not survive UTF-8 (it becomes U+FFFD), so the round trip shows it.
const storable = (text: string) => !text.includes("\0") && new TextDecoder().decode(new TextEncoder().encode(text)) === text;
const needsEscaping = (text: string) => !storable(text);

type Grant = { serverId: string; token: string; grantId: string };
type Sent = { id: string | number; name: string; grant: Grant };

/** One tools/call as raw JSON-RPC (the SDK client only sends numeric ids); the gateway answers 200. */
async function call(grant: Grant, id: string | number, name: string, args: Record<string, unknown> = {}): Promise<Sent> {
  const response = await fetch(`${gateway.url}/mcp/${grant.serverId}`, {
    method: "POST",
    headers: { authorization: `Bearer ${grant.token}`, "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args } }),
  });
  expect(response.status).toBe(200);
  await response.text();
  return { id, name, grant };
}

async function auditFailures(): Promise<number> {
  return (await gateway.services.metrics.auditWriteFailures.get()).values[0]?.value ?? 0;
}

type Row = Awaited<ReturnType<typeof db.auditEvent.findMany>>[number];
const marks = (row: Row, list: "escaped" | "truncated") => ((row.detail as Record<string, string[]> | null)?.[list] ?? []);

/** Lists the server's tools through the gateway until `tool` is offered: its catalog is stored (a first sync can fail under load, and fails closed). */
async function warmUp(grant: Grant, tool: string): Promise<void> {
  const client = await connectAgent(gateway.url, grant.serverId, grant.token);
  for (let i = 0; i < 5 && !(await client.listTools()).tools.some((t) => t.name === tool); i++);
  await client.close();
}

/** A's second server: its tools/list always fails with LIST_ERROR. */
async function listFailsGrant(orgId: string, userId: string): Promise<Grant> {
  const server = await makeServer(orgId, { transport: "http", url: upstream.listFailsUrl });
  const policy = await createPolicy(orgId, { serverId: server.id, name: "list-fails", document: A_POLICY }, userId);
  const grant = await createGrant(orgId, { serverId: server.id, policyId: policy.id, name: "agent-2" });
  return { serverId: server.id, token: grant.token, grantId: grant.id };
}

describe("A poisons every field that reaches the audit", () => {
  test("every row is stored escaped and marked, B is audited within a second, no write fails, both chains verify", async () => {
    const setup = await makeSetup({ transport: "http", url: upstream.url }, A_POLICY);
    const a: Grant = { serverId: setup.server.id, token: setup.token, grantId: setup.grant.id };
    const a2 = await listFailsGrant(setup.orgId, setup.userId);
    await warmUp(a, "echo");
    for (let i = 0; i < 5 && !(await bystander.client.listTools()).tools.some((t) => t.name === "search_experiments"); i++);
    const failuresBefore = await auditFailures();
    bystander.start();

    const sent: Sent[] = [];
    let n = 0;
    const plainId = () => `call-${++n}`;
    sent.push(await call(a2, plainId(), "probe_missing"));
    for (const [, poison] of KINDS) {
      sent.push(await call(a, poison, "echo"));
      sent.push(await call(a, plainId(), `tool${poison}`));
      sent.push(await call(a, plainId(), `probe_${poison}`));
      sent.push(await call(a, plainId(), "echo", { [`key${poison}`]: `value${poison}`, list: [poison, { nested: poison }] }));
      sent.push(await call(a, plainId(), "strict", { [`key${poison}`]: "not a number" }));
    }
    sent.push(await call(a, plainId(), "echo", { big: "\u0000\ud800".repeat(50_000) }));
    sent.push(await call(a, plainId(), `${"x".repeat(127)}😀`));
    sent.push(await call(a, plainId(), "http_fail"));
    sent.push(await call(a, plainId(), "rpc_fail"));
    sent.push(await call(a, plainId(), "refused"));

    const report = await bystander.stop();
    for (let i = 0; i < 5; i++) await bystander.call();
    expect(await bystander.auditedCalls(report.total + 5, 1_000)).toBe(report.total + 5);
    expect(report.failures).toEqual([]);

    await expect.poll(() => db.auditEvent.count({ where: { orgId: setup.orgId, kind: "gateway", method: "tools/call" } })).toBe(sent.length);
    const rows = await db.auditEvent.findMany({ where: { orgId: setup.orgId, kind: "gateway", method: "tools/call" }, orderBy: { seq: "asc" } });
    const byRequestId = new Map(rows.map((row) => [marks(row, "escaped").includes("requestId") ? unescape(row.requestId!) : row.requestId, row]));
    const rowOf = (s: Sent) => byRequestId.get(`grant:${s.grant.grantId}:${String(s.id)}`)!;

    for (const row of rows) {
      const strings = [row.tool, row.reason, row.requestId, row.upstreamOutcome, JSON.stringify(row.detail)].filter((s): s is string => s !== null);
      expect(strings.every(storable)).toBe(true);
    }
    for (const s of sent) {
      const row = rowOf(s);
      expect(row, `row of ${JSON.stringify(s.id)}`).toBeDefined();
      const escaped = marks(row, "escaped");
      expect(escaped.includes("requestId")).toBe(needsEscaping(String(s.id)));
      expect(escaped.includes("tool")).toBe(needsEscaping(s.name));
      const tool = escaped.includes("tool") ? unescape(row.tool!) : row.tool!;
      if (marks(row, "truncated").includes("tool")) expect(s.name.startsWith(tool.slice(0, -1))).toBe(true);
      else expect(tool).toBe(s.name);
    }

    const [listFailed, ...rest] = sent;
    expect(rowOf(listFailed!)).toMatchObject({ decision: "upstream_error", detail: { escaped: ["reason"], truncated: ["reason"] } });
    expect(rowOf(listFailed!).reason!.length).toBeLessThanOrEqual(8_192);
    expect(LIST_ERROR.startsWith(unescape(rowOf(listFailed!).reason!.replace(/^The upstream server is unavailable: /, "").slice(0, -1)))).toBe(true);

    const byName = (name: string) => rowOf(rest.find((s) => s.name === name)!);
    expect(byName(`${"x".repeat(127)}😀`)).toMatchObject({ decision: "hide", detail: { escaped: ["reason"] } });
    expect(byName(`${"x".repeat(127)}😀`).reason).toMatch(/\\ud83d…$/);
    expect(byName("http_fail")).toMatchObject({ decision: "upstream_error", upstreamOutcome: "unavailable", detail: { escaped: ["reason"] } });
    expect(unescape(byName("http_fail").reason!)).toBe(`The upstream server answered HTTP 500: ${HTTP_ERROR_BODY.slice(0, 500)}`);
    expect(byName("rpc_fail")).toMatchObject({ decision: "allow", detail: { escaped: ["upstreamOutcome"] } });
    expect(unescape(byName("rpc_fail").upstreamOutcome!)).toBe(`rpc_error:${RPC_ERROR.code}`);
    // Text that Postgres stores (backslashes, quotes, U+2028) is left as written and not marked.
    const refused = A_POLICY.tools.refused.reason;
    expect(byName("refused")).toMatchObject({ decision: "deny", reason: refused, detail: { explanation: `Denied by /tools/refused: ${refused}` } });
    expect(byName("refused").detail).not.toHaveProperty("escaped");

    const strictRows = rest.filter((s) => s.name === "strict").map(rowOf);
    expect(strictRows.map((row) => [row.decision, marks(row, "escaped")])).toEqual(KINDS.map(() => ["invalid_arguments", ["reason"]]));
    expect(strictRows.map((row) => unescape(row.reason!))).toEqual(KINDS.map(([, poison]) => expect.stringContaining(`key${poison}`)));
    for (const row of rest.filter((s) => s.name === "echo").map(rowOf)) {
      expect(row.decision).toBe("allow");
      expect(row.upstreamOutcome).toBe("ok");
      expect(row.argsHash).toMatch(/^[0-9a-f]{64}$/);
    }

    expect(gateway.services.audit.depth).toBe(0);
    expect(await auditFailures()).toBe(failuresBefore);
    expect(await verifyAuditChain(setup.orgId)).toMatchObject({ ok: true });
    expect(await bystander.chainVerifies()).toBe(true);
    console.log(`audit-poison: A sent ${sent.length} poisoned calls, ${rows.length} rows stored; B served ${report.served}/${report.total}, p50 ${report.latencyMsP50.toFixed(1)} ms, max ${report.latencyMsMax.toFixed(1)} ms; audit write failures ${await auditFailures() - failuresBefore}`);
  });
});

describe("rows Postgres refuses even when storable are split out of their batch", () => {
  test("an int out of range is stored in its safe form, a deleted organization's row is dropped, and every other row is written in order", async () => {
    const before = await bystander.stop();
    const c = await account("bisect");
    const gone = await account("gone");
    await db.organization.delete({ where: { id: gone.org.id } });
    const sink = gateway.services.audit;
    const droppedBefore = sink.dropped;
    const event = (i: number) => ({ orgId: c.org.id, eventId: randomUUID(), method: "tools/call", decision: "allow", tool: `t${i}`, requestId: `c:${i}` });
    bystander.start();
    for (let i = 0; i < 20; i++) {
      sink.record(i === 7 ? { ...event(i), policyVersion: 2 ** 40, reason: "int4 cannot hold this \u0000" } : event(i));
      if (i === 12) sink.record({ ...event(i), orgId: gone.org.id });
    }
    await expect.poll(() => db.auditEvent.count({ where: { orgId: c.org.id } })).toBe(20);
    // The bystander's figures count from its start: all of B's calls, in both tests.
    const report = await bystander.stop();
    expect(await bystander.auditedCalls(report.total, 1_000)).toBe(report.total);
    expect(report.failures).toEqual([]);

    const rows = await db.auditEvent.findMany({ where: { orgId: c.org.id }, orderBy: { seq: "asc" } });
    expect(rows.map((row) => row.tool)).toEqual(Array.from({ length: 20 }, (_, i) => `t${i}`));
    expect(rows[7]).toMatchObject({ policyVersion: null, reason: "int4 cannot hold this \\u0000", detail: { unstorable: { sqlState: "22003" } } });
    expect(sink.dropped).toBe(droppedBefore + 1);
    expect(sink.depth).toBe(0);
    expect(await verifyAuditChain(c.org.id)).toMatchObject({ ok: true, events: 20 });
    expect(await bystander.chainVerifies()).toBe(true);

    // The failures the split counted stop: nothing is retried any more.
    const failures = await auditFailures();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await auditFailures()).toBe(failures);
    console.log(`audit-poison split: B served ${report.served - before.served}/${report.total - before.total}; audit write failures counted while splitting: ${failures}`);
  });
});

describe("the app's own audit writes go through the same boundary", () => {
  test("a control event whose detail holds what a user typed (NUL, lone surrogates) is stored escaped and the chain verifies", async () => {
    const { org, userId } = await account("app");
    const [stored] = await recordAuditNow(org.id, [{ kind: "control", actorUserId: userId, method: "organization/rename", decision: "renamed", detail: { from: "Acme\u0000", to: "Acme \ud800" } }]);
    expect(stored!.detail).toEqual({ from: "Acme\\u0000", to: "Acme \\ud800", escaped: ["detail.from", "detail.to"] });
    const row = await db.auditEvent.findFirstOrThrow({ where: { orgId: org.id, method: "organization/rename" } });
    expect(row.detail).toEqual(stored!.detail);
    expect(await verifyAuditChain(org.id)).toMatchObject({ ok: true });
  });
});
