// `npm run bench`: the same tools/call in front of one stdio MCP server (the MLflow stand-in, or
// server-everything with BENCH_UPSTREAM=everything): the floor (the SDK client on the server's
// stdio, no HTTP), mcp-proxy, a bare Node relay (bench/bare-relay.mjs: Node's own HTTP and pipe
// work with nothing else), Warden's allow path with audit, Warden with a per-grant counter;
// and, for the added latency at concurrency 1, the stand-in over HTTP directly, through the bare
// relay's pass-through HTTP mode (what any Node HTTP hop adds) and through Warden.
// Every server runs in its own process on loopback; CPU and peak RSS are read from /proc.
//
// The machine may be shared and busy, so the targets are interleaved: BENCH_ROUNDS rounds
// (default 3), each running every target for BENCH_CALLS calls (default 2,000) at concurrency 32,
// and then the HTTP pair (direct, Warden) at concurrency 1 (every target with BENCH_C1=all), with
// every process kept running throughout. Ratios are taken over the sums of all
// rounds, and each round's ratio is printed too, so drift in the machine's load shows.
// Postgres statements per call are counted (pg_stat_statements) in each Warden window.
// BENCH_BASELINE=path/to/gateway.mjs adds another build's allow and counter paths to the rounds.
import { cpus, loadavg } from "node:os";
import { benchDatabase } from "@/bench/database";
import { PgWork } from "@/bench/pg-work";
import { startBareRelay, startGatewayProcess, startMcpProxy, startStandinProcess, stdioUpstream, type Proc } from "@/bench/processes";
import { printPgWork, printRatios, printRounds, printTable, printTargets, RELAY, RELAY_HTTP, type PgCount } from "@/bench/report";
import { seedBench } from "@/bench/setup";
import { connect, percentile, runWorkload, type Result, type Target } from "@/bench/workload";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";

const CALLS = Number(process.env.BENCH_CALLS ?? 2_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCIES = [32, 1];

const load = () => loadavg().map((n) => n.toFixed(2)).join(" / ");

/** Sums rounds of one target at one concurrency into one result. */
function merge(rounds: Result[]): Result {
  const first = rounds[0]!;
  const calls = rounds.reduce((n, r) => n + r.calls, 0);
  const seconds = rounds.reduce((n, r) => n + r.seconds, 0);
  const cpu = rounds.reduce((n, r) => n + r.cpuSeconds, 0);
  const latencies = rounds.flatMap((r) => r.latenciesMs).sort((a, b) => a - b);
  return {
    ...first, calls, seconds, cpuSeconds: cpu, latenciesMs: latencies,
    errors: rounds.reduce((n, r) => n + r.errors, 0),
    p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99),
    callsPerSecond: calls / seconds, cpuUsPerCall: (cpu * 1e6) / calls,
    peakRssMb: Math.max(...rounds.map((r) => r.peakRssMb)),
  };
}

type Measured = { target: Target; client: Client; warden: boolean };

async function main(): Promise<void> {
  const upstream = stdioUpstream();
  console.error(`Benchmark: ${ROUNDS} rounds × ${CALLS} calls per target at concurrency ${CONCURRENCIES.join(" and ")}, interleaved; stdio server: ${upstream.name}; all processes on loopback. Load average at the start: ${load()} on ${cpus().length} cores.`);
  const db = await benchDatabase({ statements: true });
  const work = await PgWork.open(db.url);
  const processes: Proc[] = [];
  const measured: Measured[] = [];
  try {
    const standin = await startStandinProcess();
    processes.push(standin);
    const data = await seedBench(db.url, standin.url, upstream.command);
    const gateway = await startGatewayProcess(db.url);
    processes.push(gateway);
    const viaWarden = (name: string, grant: { serverId: string; token: string }, call?: Target["call"]): Target => ({
      name, url: `${gateway.url}/mcp/${grant.serverId}`, headers: { authorization: `Bearer ${grant.token}` }, pid: gateway.child.pid!, call,
    });
    const targets: { target: Target; warden: boolean }[] = [{ target: { name: "floor (stdio, no HTTP)", stdio: upstream.command, pid: 0, call: upstream.call }, warden: false }];
    const proxy = await startMcpProxy(upstream.command);
    if (proxy) {
      processes.push(proxy);
      targets.push({ target: { name: "mcp-proxy (stdio)", url: proxy.url, pid: proxy.child.pid!, call: upstream.call }, warden: false });
    } else {
      console.error("  mcp-proxy is not installed (npm install --save-dev mcp-proxy): the ratios against it are left out.");
    }
    const relay = await startBareRelay(upstream.command);
    const httpRelay = await startBareRelay({ url: standin.url });
    processes.push(relay, httpRelay);
    targets.push(
      { target: { name: RELAY, url: relay.url, pid: relay.child.pid!, call: upstream.call }, warden: false },
      { target: viaWarden("warden allow (stdio)", data.allowStdio, upstream.call), warden: true },
      { target: viaWarden("warden counter (stdio)", data.counterStdio, upstream.call), warden: true },
      { target: { name: "direct (http)", url: standin.url, pid: standin.child.pid! }, warden: false },
      { target: { name: RELAY_HTTP, url: httpRelay.url, pid: httpRelay.child.pid! }, warden: false },
      { target: viaWarden("warden allow (http)", data.allowHttp), warden: true },
    );
    // BENCH_BASELINE=path/to/gateway.mjs: another build (say, the previous commit's) measured in the same rounds.
    if (process.env.BENCH_BASELINE) {
      const baseline = await startGatewayProcess(db.url, {}, { bundle: process.env.BENCH_BASELINE });
      processes.push(baseline);
      const via = (name: string, grant: { serverId: string; token: string }): Target => ({
        name, url: `${baseline.url}/mcp/${grant.serverId}`, headers: { authorization: `Bearer ${grant.token}` }, pid: baseline.child.pid!, call: upstream.call,
      });
      targets.push({ target: via("baseline allow (stdio)", data.allowStdio), warden: false }, { target: via("baseline counter (stdio)", data.counterStdio), warden: false });
    }
    for (const { target, warden } of targets) {
      const client = await connect(target);
      await runWorkload(client, target, Math.min(1_000, CALLS), 8); // warm-up: JIT, pools, caches
      measured.push({ target, client, warden });
    }
    const results = new Map<string, Result[]>();
    const pg = new Map<string, PgCount>();
    for (let round = 1; round <= ROUNDS; round++) {
      console.error(`Round ${round}/${ROUNDS} (load average ${load()})`);
      for (const concurrency of CONCURRENCIES) {
        for (const { target, client, warden } of measured) {
          // Concurrency 1 is the HTTP-upstream latency target; the rest run it with BENCH_C1=all.
          if (concurrency === 1 && !target.name.endsWith("(http)") && process.env.BENCH_C1 !== "all") continue;
          if (warden) {
            await work.settled(200);
            await work.reset();
          }
          const result = await runWorkload(client, target, CALLS, concurrency);
          if (warden) {
            await work.settled(200);
            const kinds = await work.statementsByKind();
            const key = `${target.name}|${concurrency}`;
            const sum = pg.get(key) ?? { target: target.name, concurrency, calls: 0, audit: 0, auditInserts: 0, counter: 0, other: 0, counted: kinds !== null };
            pg.set(key, { ...sum, calls: sum.calls + CALLS, audit: sum.audit + (kinds?.audit ?? 0), auditInserts: sum.auditInserts + (kinds?.auditInserts ?? 0), counter: sum.counter + (kinds?.counter ?? 0), other: sum.other + (kinds?.other ?? 0) });
          }
          console.error(`  ${target.name} c=${concurrency}: p50 ${result.p50Ms.toFixed(2)} ms, ${result.callsPerSecond.toFixed(0)} calls/s, ${result.cpuUsPerCall.toFixed(0)} µs CPU/call, ${result.errors} errors`);
          const key = `${target.name}|${concurrency}`;
          results.set(key, [...(results.get(key) ?? []), result]);
        }
      }
    }
    const merged = [...results.values()].map(merge);
    console.log("");
    console.log(`All rounds summed (${ROUNDS} × ${CALLS} calls per row):`);
    printTable(merged);
    printRatios(merged);
    printRounds(results, ROUNDS);
    printPgWork([...pg.values()]);
    printTargets(merged);
    console.log(`\nLoad average (1/5/15 min) at the end: ${load()} on ${cpus().length} cores.`);
  } finally {
    for (const { client } of measured) await client.close().catch(() => undefined);
    for (const proc of processes.reverse()) await proc.stop();
    await work.close();
    await db.stop();
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
