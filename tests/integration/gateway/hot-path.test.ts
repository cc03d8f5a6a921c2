// The lean hot path keeps its answers straight: calls that arrive together reach a stdio upstream
// in one write and still each get their own answer; a call the agent cancels mid-flight is
// cancelled upstream and audited; the request log line is one per request and never shows a
// token-shaped path. All through the MCP SDK's own client over Streamable HTTP.
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, expect, test } from "vitest";
import { db } from "@/lib/db";
import { makeSetup, removeTestData } from "./fixtures";
import { connectAgent, startStandin, startTestGateway, textOf } from "./harness";
import type { RunningGateway } from "@/gateway/gateway";

const ALLOW = { version: "1", default: "allow" };
const lines: Record<string, unknown>[] = [];
let gateway: RunningGateway;
let standin: Awaited<ReturnType<typeof startStandin>>;

beforeAll(async () => {
  standin = await startStandin();
  const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>), done()) });
  gateway = await startTestGateway({}, pino({ level: "info" }, sink));
});

afterAll(async () => {
  await gateway?.close();
  await standin?.close();
  await removeTestData();
});

async function auditRows(grantId: string, expected: number) {
  for (let i = 0; i < 100; i++) {
    const rows = await db.auditEvent.findMany({ where: { grantId, method: "tools/call" } });
    if (rows.length >= expected) return rows;
    await new Promise((r) => setTimeout(r, 50));
  }
  return db.auditEvent.findMany({ where: { grantId, method: "tools/call" } });
}

test("64 calls at once through a stdio upstream: each gets its own answer, each is audited once", async () => {
  const setup = await makeSetup({ transport: "stdio" }, ALLOW);
  const client = await connectAgent(gateway.url, setup.server.id, setup.token);
  const names = Array.from({ length: 64 }, (_, i) => `missing-${i}`);
  const results = await Promise.all(names.map((name) => client.callTool({ name: "get_experiment_by_name", arguments: { name } })));
  results.forEach((result, i) => expect(textOf(result)).toContain(`'missing-${i}'`));
  const rows = await auditRows(setup.grant.id, 64);
  expect(rows).toHaveLength(64);
  expect(new Set(rows.map((row) => row.requestId)).size).toBe(64);
  await client.close();
});

test("an HTTP upstream behind the same gateway: a burst of calls, answers matched, one log line per request", async () => {
  const setup = await makeSetup({ transport: "http", url: standin.url }, ALLOW);
  const client = await connectAgent(gateway.url, setup.server.id, setup.token);
  const before = lines.length;
  const results = await Promise.all(Array.from({ length: 32 }, (_, i) => client.callTool({ name: "get_experiment_by_name", arguments: { name: `absent-${i}` } })));
  results.forEach((result, i) => expect(textOf(result)).toContain(`'absent-${i}'`));
  const requestLines = () => lines.slice(before).filter((line) => line.msg === "request" && line.tool === "get_experiment_by_name");
  for (let i = 0; i < 50 && requestLines().length < 32; i++) await new Promise((r) => setTimeout(r, 20));
  expect(requestLines()).toHaveLength(32);
  expect(requestLines().every((line) => line.path === `/mcp/${setup.server.id}` && line.status === 200 && line.decision === "allow")).toBe(true);
  await client.close();
});

test("a call the agent cancels is cancelled upstream, answered for no one, and audited as cancelled", async () => {
  const setup = await makeSetup({ transport: "http", url: standin.url }, ALLOW);
  const client = await connectAgent(gateway.url, setup.server.id, setup.token);
  standin.controls.setDelay(Infinity, ["get_run"]);
  try {
    const cancelledBefore = standin.controls.cancelled.length;
    const controller = new AbortController();
    const call = client.callTool({ name: "get_run", arguments: { run_id: "r1" } }, undefined, { signal: controller.signal });
    for (let i = 0; i < 100 && !standin.controls.toolCalls.some((c) => c.tool === "get_run"); i++) await new Promise((r) => setTimeout(r, 20));
    controller.abort("changed my mind");
    await expect(call).rejects.toThrow();
    for (let i = 0; i < 100 && standin.controls.cancelled.length === cancelledBefore; i++) await new Promise((r) => setTimeout(r, 20));
    expect(standin.controls.cancelled.length).toBe(cancelledBefore + 1);
    const [row] = await auditRows(setup.grant.id, 1);
    expect(row?.upstreamOutcome).toBe("cancelled");
    // The gateway still serves this agent afterwards.
    standin.controls.setDelay(0);
    expect(textOf(await client.callTool({ name: "get_experiment_by_name", arguments: { name: "churn-prediction" } }))).toContain("churn-prediction");
  } finally {
    standin.controls.setDelay(0);
    await client.close();
  }
});

test("a token-shaped server id in the path is never logged as it was sent", async () => {
  const before = lines.length;
  const token = `wdn_g_${"C".repeat(43)}`;
  const res = await fetch(`${gateway.url}/mcp/${token}`, { method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body: "{}" });
  expect(res.status).toBe(401);
  // Other requests (an earlier client's closing DELETE) may be logged meanwhile: this one is the 401.
  const logged = lines.slice(before).filter((line) => line.msg === "request" && line.status === 401);
  expect(logged).toHaveLength(1);
  expect(JSON.stringify(lines.slice(before))).not.toContain(token);
  expect(logged[0]!.path).toBe("/mcp/[token]");
});
