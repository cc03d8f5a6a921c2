// `npm run bench:sessions`: organization A opens 2,000 sessions (FLOOD_SESSIONS), each initialize
// carrying 256 KB of client info, spread over enough grants to stay within
// GATEWAY_MAX_SESSIONS_PER_GRANT; then one grant opens more than its cap. Organization B keeps
// calling throughout. The gateway runs as its own process; its RSS is read from /proc before,
// at the peak and after. Not a timed test: it prints figures.
import { readFileSync } from "node:fs";
import pg from "pg";
import { generateToken } from "@/lib/crypto";
import { benchDatabase } from "@/bench/database";
import { startGatewayProcess, startStandinProcess, type Proc } from "@/bench/processes";
import { CALL, connect } from "@/bench/workload";

const SESSIONS = Number(process.env.FLOOD_SESSIONS ?? 2_000);
const PER_GRANT = 100; // the default GATEWAY_MAX_SESSIONS_PER_GRANT
const CLIENT_INFO_BYTES = 256 * 1024;
const CONCURRENCY = 16;

type Tenant = { serverId: string; tokens: string[] };

/** An organization with one server on the stand-in, an allow policy and `grants` grants. */
async function seedTenant(client: pg.Client, name: string, standinUrl: string, grants: number): Promise<Tenant> {
  const one = async (sql: string, values: unknown[]) => ((await client.query(sql, values)).rows[0] as { id: string }).id;
  const orgId = await one(`INSERT INTO organizations (name, slug) VALUES ($1, $2) RETURNING id`, [name, `${name.toLowerCase()}-${Date.now()}`]);
  const serverId = await one(`INSERT INTO mcp_servers ("orgId", name, transport, url, args, "updatedAt") VALUES ($1, 'standin', 'http', $2, '{}', now()) RETURNING id`, [orgId, standinUrl]);
  const policyId = await one(`INSERT INTO policies ("orgId", "serverId", name, "updatedAt") VALUES ($1, $2, 'allow', now()) RETURNING id`, [orgId, serverId]);
  await client.query(`INSERT INTO policy_versions ("orgId", "policyId", version, document) VALUES ($1, $2, 1, $3)`, [orgId, policyId, JSON.stringify({ version: "1", default: "allow" })]);
  const tokens: string[] = [];
  for (let i = 0; i < grants; i++) {
    const { token, hash, displayPrefix } = generateToken("grant");
    await client.query(`INSERT INTO grants ("orgId", "serverId", "policyId", name, "tokenHash", "tokenPrefix") VALUES ($1, $2, $3, $4, $5, $6)`, [orgId, serverId, policyId, `flood-${i}`, hash, displayPrefix]);
    tokens.push(token);
  }
  return { serverId, tokens };
}

/** The gateway's V8 heap in use, from its own /metrics. */
async function heapUsedMb(gatewayUrl: string): Promise<number> {
  const text = await (await fetch(`${gatewayUrl}/metrics`)).text();
  return Number(/^warden_gateway_nodejs_heap_size_used_bytes (\S+)/m.exec(text)?.[1] ?? 0) / 1024 / 1024;
}

function rssMb(pid: number, field: "VmRSS" | "VmHWM"): number {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : 0;
}

async function initialize(gatewayUrl: string, tenant: Tenant, token: string, padding: string): Promise<{ status: number; sessionId: string }> {
  const res = await fetch(`${gatewayUrl}/mcp/${tenant.serverId}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: { experimental: { padding } }, clientInfo: { name: "flood", version: "1", description: padding } } }),
  });
  await res.arrayBuffer();
  return { status: res.status, sessionId: res.headers.get("mcp-session-id") ?? "" };
}

async function pingStatus(gatewayUrl: string, tenant: Tenant, token: string, sessionId: string): Promise<number> {
  const res = await fetch(`${gatewayUrl}/mcp/${tenant.serverId}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json", "mcp-session-id": sessionId },
    body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "ping" }),
  });
  await res.arrayBuffer();
  return res.status;
}

/** B's honest agent: one call at a time until stopped. */
function startB(gatewayUrl: string, tenant: Tenant, pid: number) {
  let served = 0;
  let total = 0;
  let running = true;
  const failures: string[] = [];
  const loop = (async () => {
    const client = await connect({ name: "B", url: `${gatewayUrl}/mcp/${tenant.serverId}`, headers: { authorization: `Bearer ${tenant.tokens[0]}` }, pid });
    while (running) {
      total += 1;
      const result = await client.callTool(CALL).catch((error: Error) => ({ isError: true, content: error.message }));
      if (!result.isError) served += 1;
      else failures.push(JSON.stringify(result.content).slice(0, 300));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await client.close();
  })();
  return { stop: async () => ((running = false), await loop, { served, total, failures }) };
}

async function flood(gatewayUrl: string, a: Tenant, pid: number): Promise<{ opened: number; sampledPeakMb: number; sessions: { token: string; sessionId: string }[] }> {
  const padding = "x".repeat(CLIENT_INFO_BYTES);
  const sessions: { token: string; sessionId: string }[] = [];
  let next = 0;
  let sampledPeakMb = 0;
  const sampler = setInterval(() => (sampledPeakMb = Math.max(sampledPeakMb, rssMb(pid, "VmRSS"))), 100);
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < SESSIONS) {
      const token = a.tokens[Math.floor(next++ / PER_GRANT)]!;
      const answer = await initialize(gatewayUrl, a, token, padding);
      if (answer.status === 200) sessions.push({ token, sessionId: answer.sessionId });
    }
  }));
  clearInterval(sampler);
  return { opened: sessions.length, sampledPeakMb, sessions };
}

async function main(): Promise<void> {
  const db = await benchDatabase();
  const processes: Proc[] = [];
  try {
    const standin = await startStandinProcess();
    processes.push(standin);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const a = await seedTenant(client, "A", standin.url, Math.ceil(SESSIONS / PER_GRANT));
    const bTenant = await seedTenant(client, "B", standin.url, 1);
    await client.end();
    const gateway = await startGatewayProcess(db.url);
    processes.push(gateway);
    const pid = gateway.child.pid!;

    const b = startB(gateway.url, bTenant, pid);
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // B connected and warm
    const beforeMb = rssMb(pid, "VmRSS");
    const heapBeforeMb = await heapUsedMb(gateway.url);
    console.error(`Flooding: ${SESSIONS} sessions over ${a.tokens.length} grants, ${CLIENT_INFO_BYTES / 1024} KB of client info each, ${CONCURRENCY} at a time…`);
    const started = performance.now();
    const result = await flood(gateway.url, a, pid);
    const floodSeconds = (performance.now() - started) / 1000;

    // One grant past its cap: each new session displaces that grant's least recently used one.
    const grant0 = result.sessions.filter((s) => s.token === a.tokens[0]);
    for (let i = 0; i < 20; i++) await initialize(gateway.url, a, a.tokens[0]!, "x".repeat(CLIENT_INFO_BYTES));
    const statuses = await Promise.all(grant0.map((s) => pingStatus(gateway.url, a, s.token, s.sessionId)));
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const afterMb = rssMb(pid, "VmRSS");
    const heapAfterMb = await heapUsedMb(gateway.url);
    const peakMb = Math.max(result.sampledPeakMb, rssMb(pid, "VmHWM"));
    const bReport = await b.stop();

    const kept = (afterMb - beforeMb) * 1024 / result.opened;
    console.log("");
    console.log(`sessions opened              ${result.opened} / ${SESSIONS} in ${floodSeconds.toFixed(1)} s (${(result.opened / floodSeconds).toFixed(0)}/s)`);
    console.log(`client info sent             ${(result.opened * CLIENT_INFO_BYTES / 1024 / 1024).toFixed(0)} MB (what the gateway kept before this round)`);
    console.log(`gateway RSS before           ${beforeMb.toFixed(1)} MB`);
    console.log(`gateway RSS peak             ${peakMb.toFixed(1)} MB (+${(peakMb - beforeMb).toFixed(1)} MB)`);
    console.log(`gateway RSS after            ${afterMb.toFixed(1)} MB (+${(afterMb - beforeMb).toFixed(1)} MB, ~${kept.toFixed(1)} KB per session)`);
    console.log(`gateway V8 heap in use       ${heapBeforeMb.toFixed(1)} MB before, ${heapAfterMb.toFixed(1)} MB after (garbage not yet collected included)`);
    console.log(`one grant past its cap       20 more initializes: ${statuses.filter((s) => s === 404).length} of its ${grant0.length} first sessions displaced (least recently used), ${statuses.filter((s) => s === 200).length} still open`);
    console.log(`B served during the flood    ${bReport.served} / ${bReport.total}`);
    for (const failure of bReport.failures.slice(0, 5)) console.log(`  B failure: ${failure}`);
  } finally {
    for (const proc of processes.reverse()) await proc.stop();
    await db.stop();
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
