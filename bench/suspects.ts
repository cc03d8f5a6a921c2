// `npm run bench:suspects`: why one gateway costs more CPU per call than another. The allow path
// in front of the stdio server at concurrency 32, one suspect changed at a time: the compiled
// bundle with and without --enable-source-maps, tsx at run time, sessions off, request log lines
// off, and the log going to a file instead of a pipe.
import { loadavg } from "node:os";
import { benchDatabase } from "@/bench/database";
import { startGatewayProcess, startStandinProcess, stdioUpstream, type GatewayLaunch } from "@/bench/processes";
import { fmt, printRows } from "@/bench/report";
import { seedBench } from "@/bench/setup";
import { connect, runWorkload, type Result } from "@/bench/workload";

const CALLS = Number(process.env.BENCH_CALLS ?? 3_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
// BENCH_VARIANTS=0,4 runs only those (by position in the list below).
const ONLY = process.env.BENCH_VARIANTS?.split(",").map(Number);

const allVariants: { name: string; env?: Record<string, string>; launch?: GatewayLaunch }[] = [
  { name: "bundle + source maps (npm start)" },
  { name: "bundle, no source maps", launch: { sourceMaps: false } },
  { name: "tsx at run time", launch: { tsx: true } },
  { name: "sessions off", env: { GATEWAY_SESSIONS: "off" } },
  { name: "log level warn (no request lines)", env: { GATEWAY_LOG_LEVEL: "warn" } },
  { name: "log to /dev/null (no pipe)", launch: { stdout: "null" } },
  { name: "young generation 32 MB", launch: { nodeArgs: ["--max-semi-space-size=32"] } },
  { name: "young generation 64 MB", launch: { nodeArgs: ["--max-semi-space-size=64"] } },
];
const variants = ONLY ? allVariants.filter((_, i) => ONLY.includes(i)) : allVariants;

async function main(): Promise<void> {
  const upstream = stdioUpstream();
  console.error(`Suspects: ${CALLS} calls at concurrency 32 per variant, ${ROUNDS} rounds, stdio server: ${upstream.name}.`);
  const db = await benchDatabase();
  const standin = await startStandinProcess();
  try {
    const data = await seedBench(db.url, standin.url, upstream.command);
    const results = new Map<string, Result[]>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const variant of variants) {
        const gateway = await startGatewayProcess(db.url, variant.env, variant.launch);
        const target = { name: variant.name, url: `${gateway.url}/mcp/${data.allowStdio.serverId}`, headers: { authorization: `Bearer ${data.allowStdio.token}` }, pid: gateway.child.pid!, call: upstream.call };
        const client = await connect(target);
        await runWorkload(client, target, 1_000, 8);
        const result = await runWorkload(client, target, CALLS, 32);
        console.error(`  ${variant.name}: ${result.cpuUsPerCall.toFixed(0)} µs CPU/call, ${result.callsPerSecond.toFixed(0)} calls/s`);
        results.set(variant.name, [...(results.get(variant.name) ?? []), result]);
        await client.close();
        await gateway.stop();
      }
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const base = median(results.get(variants[0]!.name)!.map((r) => r.cpuUsPerCall));
    console.log("");
    printRows(["variant (allow path, stdio upstream, c=32)", "CPU µs/call (median)", "vs npm start", "calls/s", "errors"], variants.map((v) => {
      const rs = results.get(v.name)!;
      const cpu = median(rs.map((r) => r.cpuUsPerCall));
      return [v.name, fmt(cpu), `${fmt(cpu / base, 2)}×`, fmt(median(rs.map((r) => r.callsPerSecond))), String(rs.reduce((n, r) => n + r.errors, 0))];
    }));
    console.log(`\nLoad average: ${loadavg().map((n) => n.toFixed(2)).join(" / ")}`);
  } finally {
    await standin.stop();
    await db.stop();
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
