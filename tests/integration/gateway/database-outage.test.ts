// Postgres stopped mid-load, on a cluster this test owns: calls that need a counter are refused
// at once (fail closed) while allowed calls from the cached policy go on; nothing hangs and the
// worker keeps running; when Postgres returns, service resumes by itself, every decision has its
// audit row, and the chain verifies.
import { rmSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { verifyAuditChainWith } from "@/lib/audit/verify";
import { generateToken } from "@/lib/crypto";
import { freePort, migrate, projectRoot, startEmbeddedPostgres, type EmbeddedCluster } from "@/lib/db-bootstrap";
import { connectAgent, startStandin, textOf } from "./harness";
import { startWorkerProcess, type WorkerProcess } from "./worker-process";

const dataDir = join(projectRoot, ".warden", `pg-gw-outage-${process.pid}`);
const POLICY = {
  version: "1",
  default: "deny",
  tools: { get_experiments: {}, set_experiment_tag: { limits: [{ counter: "tags", window: "day", max: 1_000_000 }] } },
};

let port: number;
let cluster: EmbeddedCluster | undefined;
let url: string;
let worker: WorkerProcess | undefined;
let standin: Awaited<ReturnType<typeof startStandin>>;

async function seed(): Promise<{ orgId: string; serverId: string; token: string }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const one = async (sql: string, values: unknown[]) => (await client.query(sql, values)).rows[0] as { id: string };
  const org = await one(`INSERT INTO organizations (name, slug) VALUES ('Outage', 'outage') RETURNING id`, []);
  const server = await one(`INSERT INTO mcp_servers ("orgId", name, transport, url, "updatedAt") VALUES ($1, 'mlflow', 'http', $2, now()) RETURNING id`, [org.id, standin.url]);
  const policy = await one(`INSERT INTO policies ("orgId", "serverId", name, "updatedAt") VALUES ($1, $2, 'p', now()) RETURNING id`, [org.id, server.id]);
  await client.query(`INSERT INTO policy_versions ("orgId", "policyId", version, document) VALUES ($1, $2, 1, $3)`, [org.id, policy.id, JSON.stringify(POLICY)]);
  const { token, hash, displayPrefix } = generateToken("grant");
  await client.query(`INSERT INTO grants ("orgId", "serverId", "policyId", name, "tokenHash", "tokenPrefix") VALUES ($1, $2, $3, 'g', $4, $5)`, [org.id, server.id, policy.id, hash, displayPrefix]);
  await client.end();
  return { orgId: org.id, serverId: server.id, token };
}

beforeAll(async () => {
  port = await freePort();
  cluster = await startEmbeddedPostgres({ dataDir, port });
  await cluster.createDatabase("outage");
  url = cluster.adminUrl("outage");
  await migrate(url);
  standin = await startStandin();
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await cluster?.stop().catch(() => undefined);
  await standin?.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(`${dataDir}.password`, { force: true });
});

type Tally = { ok: number; refused: number; failClosed: number; errors: number };

/** Calls in a loop until stopped; every call must end (no hangs), each counted by its outcome. */
function load(agents: Client[], tally: Tally, stop: { now: boolean }): Promise<void[]> {
  return Promise.all(agents.map(async (agent, i) => {
    for (let n = 0; !stop.now; n++) {
      const tool = n % 2 ? "get_experiments" : "set_experiment_tag";
      const args = tool === "get_experiments" ? {} : { experiment_id: "1", key: `a${i}`, value: String(n) };
      try {
        const result = await agent.callTool({ name: tool, arguments: args });
        if (!result.isError) tally.ok++;
        else if (textOf(result).includes("decision: fail_closed")) tally.failClosed++;
        else tally.refused++;
      } catch {
        tally.errors++;
      }
    }
  }));
}

test("Postgres stops mid-load and comes back: fail closed, no hang, no crash, no lost audit row", async () => {
  const { orgId, serverId, token } = await seed();
  worker = await startWorkerProcess({ DATABASE_URL: url });
  const agents = await Promise.all([0, 1, 2, 3].map(() => connectAgent(worker!.url, serverId, token)));
  const tally: Tally = { ok: 0, refused: 0, failClosed: 0, errors: 0 };
  const stop = { now: false };
  const running = load(agents, tally, stop);
  await vi.waitFor(() => expect(tally.ok).toBeGreaterThan(40), { timeout: 20_000 });

  await cluster!.stop();
  const okAtStop = tally.ok;
  await vi.waitFor(() => expect(tally.failClosed, `${JSON.stringify(tally)}\n${worker!.output().slice(-2000)}`).toBeGreaterThan(20), { timeout: 20_000 });
  // Allowed calls decided from the cached policy keep working while the database is away.
  await vi.waitFor(() => expect(tally.ok).toBeGreaterThan(okAtStop + 20), { timeout: 20_000 });
  expect(worker.child.exitCode).toBeNull();

  cluster = await startEmbeddedPostgres({ dataDir, port });
  const failClosedAtRestart = tally.failClosed;
  const direct = await connectAgent(worker.url, serverId, token);
  await vi.waitFor(async () => {
    expect((await direct.callTool({ name: "set_experiment_tag", arguments: { experiment_id: "1", key: "after", value: "1" } })).isError).toBeFalsy();
  }, { timeout: 15_000, interval: 200 });
  stop.now = true;
  await running;
  await Promise.all([...agents, direct].map((a) => a.close()));
  expect(tally.errors).toBe(0);
  expect(tally.refused).toBe(0);
  expect(tally.failClosed).toBeGreaterThanOrEqual(failClosedAtRestart);

  const pool = new pg.Pool({ connectionString: url });
  pool.on("error", () => undefined);
  const runner = { query: async (sql: string, params: unknown[]) => (await pool.query(sql, params)).rows };
  await vi.waitFor(async () => {
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM audit_events WHERE "orgId" = $1 AND kind = 'gateway'`, [orgId]);
    // Every decided call (ours plus the probe calls of the recovery wait) has exactly one row.
    expect(rows[0].n).toBeGreaterThanOrEqual(tally.ok + tally.failClosed + 1);
  }, { timeout: 20_000, interval: 250 });
  const verification = await verifyAuditChainWith(runner, orgId);
  expect(verification.ok).toBe(true);
  const { rows } = await pool.query(`SELECT count(DISTINCT "eventId")::int AS distinct, count("eventId")::int AS n FROM audit_events WHERE "orgId" = $1`, [orgId]);
  expect(rows[0].distinct).toBe(rows[0].n);
  await pool.end();
  expect(await worker.stop()).toBe(0);
  worker = undefined;
}, 180_000);
