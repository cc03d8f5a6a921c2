// `npm run bench`: the same tools/call workload (BENCH_CALLS calls, default 5,000, at
// concurrency 1 and 32) against the MLflow stand-in directly, through Warden (allow path with
// audit; a per-grant counter; a stdio upstream) and through mcp-proxy when it is installed.
// Every server runs in its own process on loopback; CPU and peak RSS are read from /proc.
import { join } from "node:path";
import { createDatabaseIfMissing, migrate, projectRoot, startEmbeddedPostgres } from "@/lib/db-bootstrap";
import { startGatewayProcess, startMcpProxy, startStandinProcess, STANDIN_MAIN, type Proc } from "@/bench/processes";
import { MCP_PROXY_REFERENCE, printRatios, printTable, printTargets } from "@/bench/report";
import { seedBench, type BenchGrant } from "@/bench/setup";
import { connect, runWorkload, type Result, type Target } from "@/bench/workload";

const CALLS = Number(process.env.BENCH_CALLS ?? 5_000);
const CONCURRENCIES = [1, 32];

async function database(): Promise<{ url: string; stop(): Promise<void> }> {
  const given = process.env.DATABASE_URL;
  if (given) {
    const url = new URL(given);
    url.pathname = "/warden_bench";
    await createDatabaseIfMissing(given, "warden_bench");
    await migrate(url.toString());
    return { url: url.toString(), stop: async () => {} };
  }
  const cluster = await startEmbeddedPostgres({ dataDir: join(projectRoot, ".warden", "pg-bench"), ephemeral: true });
  await cluster.createDatabase("warden_bench");
  const url = cluster.adminUrl("warden_bench");
  await migrate(url);
  return { url, stop: () => cluster.stop() };
}

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

async function throughWarden(name: string, databaseUrl: string, grant: BenchGrant): Promise<Result[]> {
  const gateway = await startGatewayProcess(databaseUrl);
  try {
    return await measure({ name, url: `${gateway.url}/mcp/${grant.serverId}`, headers: { authorization: `Bearer ${grant.token}` }, pid: gateway.child.pid! });
  } finally {
    await gateway.stop();
  }
}

async function main(): Promise<void> {
  console.error(`Benchmark: ${CALLS} calls per run, concurrency ${CONCURRENCIES.join(" and ")}; all processes on loopback.`);
  const db = await database();
  const processes: Proc[] = [];
  try {
    const standin = await startStandinProcess();
    processes.push(standin);
    const data = await seedBench(db.url, standin.url, { command: process.execPath, args: ["--import", "tsx", STANDIN_MAIN, "--stdio"] });
    const results: Result[] = [];
    results.push(...(await measure({ name: "direct", url: standin.url, pid: standin.child.pid! })));
    results.push(...(await throughWarden("warden allow (http)", db.url, data.allowHttp)));
    results.push(...(await throughWarden("warden counter (http)", db.url, data.counterHttp)));
    results.push(...(await throughWarden("warden allow (stdio)", db.url, data.allowStdio)));
    const proxy = await startMcpProxy();
    if (proxy) {
      processes.push(proxy);
      results.push(...(await measure({ name: "mcp-proxy (stdio)", url: proxy.url, pid: proxy.child.pid! })));
    } else {
      console.error(`  mcp-proxy is not installed (npm install --save-dev mcp-proxy to compare); using issue #5's figures: ${MCP_PROXY_REFERENCE.cpuUsPerCall} µs CPU/call, ~${MCP_PROXY_REFERENCE.callsPerSecondC32} calls/s at c=32.`);
    }
    console.log("");
    printTable(results);
    printRatios(results, ["warden allow (http)", "warden counter (http)", "warden allow (stdio)"], Boolean(proxy));
    printTargets(results, Boolean(proxy));
  } finally {
    for (const proc of processes.reverse()) await proc.stop();
    await db.stop();
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
