// `npm run bench`: the same tools/call (BENCH_CALLS calls, default 5,000, at concurrency 1 and
// 32) in front of one stdio MCP server (the MLflow stand-in, or server-everything with
// BENCH_UPSTREAM=everything): the floor (the SDK client on the server's stdio, no HTTP),
// mcp-proxy, Warden's allow path with audit, Warden with a per-grant counter; and, for the added
// latency at concurrency 1, the stand-in over HTTP directly and through Warden. Every server runs
// in its own process on loopback; CPU and peak RSS are read from /proc.
import { loadavg } from "node:os";
import { benchDatabase } from "@/bench/database";
import { startGatewayProcess, startMcpProxy, startStandinProcess, stdioUpstream, type Proc } from "@/bench/processes";
import { printRatios, printTable, printTargets } from "@/bench/report";
import { seedBench, type BenchGrant } from "@/bench/setup";
import { connect, runWorkload, type Result, type Target } from "@/bench/workload";

const CALLS = Number(process.env.BENCH_CALLS ?? 5_000);
const CONCURRENCIES = [1, 32];

async function measure(target: Target): Promise<Result[]> {
  const client = await connect(target);
  await runWorkload(client, target, Math.min(1_000, CALLS), 8); // warm-up: JIT, pools, caches
  const results: Result[] = [];
  for (const concurrency of CONCURRENCIES) {
    const result = await runWorkload(client, target, CALLS, concurrency);
    console.error(`  ${target.name} c=${concurrency}: p50 ${result.p50Ms.toFixed(2)} ms, ${result.callsPerSecond.toFixed(0)} calls/s, ${result.cpuUsPerCall.toFixed(0)} µs CPU/call`);
    results.push(result);
  }
  await client.close();
  return results;
}

async function throughWarden(name: string, databaseUrl: string, grant: BenchGrant, call?: Target["call"]): Promise<Result[]> {
  const gateway = await startGatewayProcess(databaseUrl);
  try {
    return await measure({ name, url: `${gateway.url}/mcp/${grant.serverId}`, headers: { authorization: `Bearer ${grant.token}` }, pid: gateway.child.pid!, call });
  } finally {
    await gateway.stop();
  }
}

async function main(): Promise<void> {
  const upstream = stdioUpstream();
  console.error(`Benchmark: ${CALLS} calls per run, concurrency ${CONCURRENCIES.join(" and ")}, stdio server: ${upstream.name}; all processes on loopback.`);
  const db = await benchDatabase();
  const processes: Proc[] = [];
  try {
    const standin = await startStandinProcess();
    processes.push(standin);
    const data = await seedBench(db.url, standin.url, upstream.command);
    const results: Result[] = [];
    results.push(...(await measure({ name: "floor (stdio, no HTTP)", stdio: upstream.command, pid: 0, call: upstream.call })));
    const proxy = await startMcpProxy(upstream.command);
    if (proxy) {
      processes.push(proxy);
      results.push(...(await measure({ name: "mcp-proxy (stdio)", url: proxy.url, pid: proxy.child.pid!, call: upstream.call })));
      await proxy.stop();
    } else {
      console.error("  mcp-proxy is not installed (npm install --save-dev mcp-proxy): the ratios against it are left out.");
    }
    results.push(...(await throughWarden("warden allow (stdio)", db.url, data.allowStdio, upstream.call)));
    results.push(...(await throughWarden("warden counter (stdio)", db.url, data.counterStdio, upstream.call)));
    results.push(...(await measure({ name: "direct (http)", url: standin.url, pid: standin.child.pid! })));
    results.push(...(await throughWarden("warden allow (http)", db.url, data.allowHttp)));
    console.log("");
    printTable(results);
    printRatios(results);
    printTargets(results);
    console.log(`\nLoad average (1/5/15 min) at the end: ${loadavg().map((n) => n.toFixed(2)).join(" / ")} on ${(await import("node:os")).cpus().length} cores.`);
  } finally {
    for (const proc of processes.reverse()) await proc.stop();
    await db.stop();
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
