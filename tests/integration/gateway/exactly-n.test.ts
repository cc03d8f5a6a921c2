// Exactly N across workers: two gateway worker processes share one Postgres; 500 concurrent
// calls against a limit of 50 per grant per minute, split across both, admit exactly 50 —
// every time (several rounds, each with a fresh grant).
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, expect, test } from "vitest";
import { db } from "@/lib/db";
import { createGrant } from "@/lib/data/grants";
import { makeSetup, removeTestData } from "./fixtures";
import { awayFromMinuteEnd, connectAgent, startStandin } from "./harness";
import { startWorkerProcess, type WorkerProcess } from "./worker-process";

const LIMIT_POLICY = {
  version: "1",
  default: "deny",
  tools: { set_experiment_tag: { limits: [{ counter: "tags", window: "minute", max: 50, scope: "grant" }] } },
};

let standin: Awaited<ReturnType<typeof startStandin>>;
let workers: WorkerProcess[] = [];

beforeAll(async () => {
  standin = await startStandin();
  // Compiled, as `npm start` runs them: the production bundle is what must keep limits exact.
  workers = await Promise.all([startWorkerProcess({}, { compiled: true }), startWorkerProcess({}, { compiled: true })]);
}, 60_000);
afterAll(async () => {
  const codes = await Promise.all(workers.map((w) => w.stop()));
  expect(codes).toEqual([0, 0]);
  await standin?.close();
  await removeTestData();
});

async function round(serverId: string, orgId: string, policyId: string, roundNo: number): Promise<number> {
  const grant = await createGrant(orgId, { serverId, policyId, name: `round ${roundNo}` });
  const clients: Client[] = [];
  for (let i = 0; i < 10; i++) clients.push(await connectAgent(workers[i % 2]!.url, serverId, grant.token));
  await awayFromMinuteEnd(20);
  const calls = Array.from({ length: 500 }, (_, i) =>
    clients[i % clients.length]!.callTool({ name: "set_experiment_tag", arguments: { experiment_id: "3", key: `r${roundNo}-${i}`, value: "x" } }),
  );
  const results = await Promise.all(calls);
  await Promise.all(clients.map((c) => c.close()));
  const admitted = results.filter((r) => !r.isError).length;
  const forwarded = standin.toolCalls.filter((c) => String(c.arguments.key).startsWith(`r${roundNo}-`)).length;
  expect(forwarded).toBe(admitted);
  const counters = await db.counter.findMany({ where: { key: { contains: grant.id } } });
  expect(counters.map((c) => c.count)).toEqual([50]);
  return admitted;
}

test("two workers, limit 50, 500 concurrent calls → exactly 50 admitted, in every round", async () => {
  const setup = await makeSetup({ transport: "http", url: standin.url }, LIMIT_POLICY);
  const admitted: number[] = [];
  for (let i = 0; i < 4; i++) admitted.push(await round(setup.server.id, setup.orgId, setup.policy.id, i));
  expect(admitted).toEqual([50, 50, 50, 50]);
}, 180_000);
