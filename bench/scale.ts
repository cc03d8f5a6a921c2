// `npm run bench:scale`: 1, 2 and 4 gateway workers on one Postgres behind a round-robin
// balancer (bench/balancer.ts), the SDK's clients calling through it, three ways: the allow path,
// a per-grant counter, and one counter the whole organization shares (every call on one row).
// Per worker count: calls/s, p50/p99, gateway CPU per call (all workers), Postgres statements and
// commits per call, audit rows written per second, and that rows = calls (and the counter = calls).
import { cpus, loadavg } from "node:os";
import { startBalancer } from "@/bench/balancer";
import { benchDatabase } from "@/bench/database";
import { PgWork } from "@/bench/pg-work";
import { cpuSeconds, startGatewayProcess, stdioUpstream, type Proc } from "@/bench/processes";
import { fmt, printRows } from "@/bench/report";
import { seedBench, type BenchGrant } from "@/bench/setup";
import { connect, type ToolCall } from "@/bench/workload";

const CALLS = Number(process.env.BENCH_CALLS ?? 4_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const CLIENTS = 8; // separate connections, so the balancer spreads them
const WORKERS = (process.env.BENCH_WORKERS ?? "1,2,4").split(",").map(Number);
// Workers are stateless behind the balancer (sessions would need sticky routing).
const WORKER_ENV = { GATEWAY_SESSIONS: "off" };

type Row = { mode: string; workers: number; callsPerSecond: number; p50Ms: number; p99Ms: number; cpuUsPerCall: number; statementsPerCall: number | null; commitsPerCall: number; auditRowsPerSecond: number; auditRows: number; calls: number; errors: number; counterExact: string };

async function drive(url: string, grant: BenchGrant, call: ToolCall, calls: number): Promise<{ latencies: number[]; errors: number; seconds: number }> {
  const target = { name: "balancer", url: `${url}/mcp/${grant.serverId}`, headers: { authorization: `Bearer ${grant.token}` }, pid: 0, call };
  const clients = await Promise.all(Array.from({ length: CLIENTS }, () => connect(target)));
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async (_, lane) => {
    const client = clients[lane % CLIENTS]!;
    while (next < calls) {
      next++;
      const t0 = performance.now();
      try {
        if ((await client.callTool(call)).isError) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(clients.map((c) => c.close()));
  return { latencies: latencies.sort((a, b) => a - b), errors, seconds };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function waitForRows(work: PgWork, expected: number): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const { auditRows } = await work.snapshot();
    if (auditRows >= expected) return auditRows;
    await new Promise((r) => setTimeout(r, 100));
  }
  return (await work.snapshot()).auditRows;
}

async function startWorkers(count: number, dbUrl: string): Promise<Proc[]> {
  const started = await Promise.allSettled(Array.from({ length: count }, () => startGatewayProcess(dbUrl, WORKER_ENV)));
  const procs = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const failure = started.find((s) => s.status === "rejected");
  if (failure) {
    await Promise.all(procs.map((p) => p.stop()));
    throw failure.reason;
  }
  return procs;
}

async function run(mode: string, workers: number, dbUrl: string, work: PgWork, grant: BenchGrant, call: ToolCall, counter: string | null): Promise<Row> {
  const procs = await startWorkers(workers, dbUrl);
  const balancer = await startBalancer(procs.map((p) => Number(new URL(p.url).port)));
  try {
    await drive(balancer.url, grant, call, 200 * workers); // warm-up: every worker's upstream, caches, JIT
    await work.settled(300);
    const counterBefore = counter ? await work.counterTotal(counter) : 0;
    const before = await work.snapshot();
    await work.reset();
    const cpuBefore = procs.reduce((sum, p) => sum + cpuSeconds(p.child.pid!), 0);
    const result = await drive(balancer.url, grant, call, CALLS);
    const cpu = procs.reduce((sum, p) => sum + cpuSeconds(p.child.pid!), 0) - cpuBefore;
    const rows = (await waitForRows(work, before.auditRows + CALLS)) - before.auditRows;
    const after = await work.snapshot();
    const counted = counter ? (await work.counterTotal(counter)) - counterBefore : 0;
    if (process.env.BENCH_VERBOSE) for (const s of await work.topStatements()) console.error(`    ${s.calls}× ${s.query}`);
    const row: Row = {
      mode, workers, calls: CALLS, errors: result.errors + balancer.failures(),
      callsPerSecond: CALLS / result.seconds, p50Ms: pct(result.latencies, 50), p99Ms: pct(result.latencies, 99),
      cpuUsPerCall: (cpu * 1e6) / CALLS,
      statementsPerCall: after.statements === null ? null : after.statements / CALLS,
      commitsPerCall: (after.commits - before.commits) / CALLS,
      auditRows: rows, auditRowsPerSecond: rows / result.seconds,
      counterExact: counter ? (counted === CALLS ? "yes" : `no (${counted})`) : "-",
    };
    console.error(`  ${mode} ×${workers}: ${row.callsPerSecond.toFixed(0)} calls/s, p50 ${row.p50Ms.toFixed(1)} ms, ${row.cpuUsPerCall.toFixed(0)} µs CPU/call, ${row.statementsPerCall?.toFixed(2) ?? "?"} statements/call, rows ${rows}/${CALLS}`);
    return row;
  } finally {
    await balancer.close();
    await Promise.all(procs.map((p) => p.stop()));
  }
}

async function main(): Promise<void> {
  const upstream = stdioUpstream();
  console.error(`Scale-out: ${CALLS} calls at concurrency ${CONCURRENCY} over ${CLIENTS} connections, workers ${WORKERS.join("/")}, each in front of its own stdio ${upstream.name}.`);
  const db = await benchDatabase({ statements: true });
  const work = await PgWork.open(db.url);
  try {
    const data = await seedBench(db.url, "http://127.0.0.1:9/mcp", upstream.command);
    const modes: [string, BenchGrant, string | null][] = [
      ["allow", data.allowStdio, null],
      ["per-grant counter", data.counterStdio, null],
      ["shared org counter", data.sharedStdio, "bench-shared"],
    ];
    const rows: Row[] = [];
    for (const [mode, grant, counter] of modes) {
      for (const workers of WORKERS) rows.push(await run(mode, workers, db.url, work, grant, upstream.call, counter));
    }
    console.log(`\nStatements counted with ${work.hasStatements ? "pg_stat_statements (BEGIN/COMMIT left out)" : "nothing: pg_stat_statements is not loaded; commits only"}.`);
    printRows(
      ["mode", "workers", "calls/s", "p50 ms", "p99 ms", "gateway CPU µs/call", "PG statements/call", "PG commits/call", "audit rows/s", "rows = calls", "counter exact", "errors"],
      rows.map((r) => [r.mode, String(r.workers), fmt(r.callsPerSecond), fmt(r.p50Ms, 1), fmt(r.p99Ms, 1), fmt(r.cpuUsPerCall), r.statementsPerCall === null ? "-" : fmt(r.statementsPerCall, 2), fmt(r.commitsPerCall, 2), fmt(r.auditRowsPerSecond), r.auditRows === r.calls ? "yes" : `no (${r.auditRows})`, r.counterExact, String(r.errors)]),
    );
    console.log(`\nLoad average: ${loadavg().map((n) => n.toFixed(2)).join(" / ")} on ${cpus().length} cores.`);
  } finally {
    await work.close();
    await db.stop();
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
