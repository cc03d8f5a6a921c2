// `npm run bench:profile`: where one gateway worker spends its CPU on the allow path (audit on)
// at concurrency 32, in front of the stdio server and in front of the stand-in over HTTP. Each
// target gets a gateway process of its own run with --cpu-prof; it prints user/system CPU per
// call (system time is the kernel's socket and pipe work, which no profile of JavaScript shows)
// and the top self-time frames of the busy samples (idle left out).
import { mkdirSync, readdirSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { benchDatabase } from "@/bench/database";
import { cpuSplit, startGatewayProcess, startStandinProcess, stdioUpstream } from "@/bench/processes";
import { topFrames } from "@/bench/profile-top";
import { seedBench } from "@/bench/setup";
import { connect, runWorkload } from "@/bench/workload";
import { projectRoot } from "@/lib/db-bootstrap";

const CALLS = Number(process.env.BENCH_CALLS ?? 20_000);
const TOP = Number(process.env.BENCH_TOP ?? 25);

async function main(): Promise<void> {
  const upstream = stdioUpstream();
  const db = await benchDatabase();
  const standin = await startStandinProcess();
  try {
    const data = await seedBench(db.url, standin.url, upstream.command);
    const targets = [
      { name: "allow, stdio upstream", grant: data.allowStdio, call: upstream.call },
      { name: "allow, HTTP upstream", grant: data.allowHttp, call: undefined },
      { name: "per-grant counter, stdio upstream", grant: data.counterStdio, call: upstream.call },
    ].filter((_, i) => !process.env.BENCH_VARIANTS || process.env.BENCH_VARIANTS.split(",").map(Number).includes(i));
    for (const t of targets) {
      const dir = join(projectRoot, ".warden", "profiles", `${Date.now()}`);
      mkdirSync(dir, { recursive: true });
      const gateway = await startGatewayProcess(db.url, {}, { profileDir: dir });
      const target = { name: t.name, url: `${gateway.url}/mcp/${t.grant.serverId}`, headers: { authorization: `Bearer ${t.grant.token}` }, pid: gateway.child.pid!, call: t.call };
      const client = await connect(target);
      await runWorkload(client, target, 2_000, 8);
      const before = cpuSplit(target.pid);
      const result = await runWorkload(client, target, CALLS, 32);
      const after = cpuSplit(target.pid);
      await client.close();
      await gateway.stop();
      const user = ((after.user - before.user) * 1e6) / CALLS;
      const sys = ((after.system - before.system) * 1e6) / CALLS;
      console.log(`\n== ${t.name}: ${CALLS} calls at c=32, ${result.callsPerSecond.toFixed(0)} calls/s, ${result.errors} errors`);
      console.log(`   CPU per call: ${(user + sys).toFixed(0)} µs = ${user.toFixed(0)} user + ${sys.toFixed(0)} system (kernel)`);
      const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
      if (file) topFrames(join(dir, file), TOP);
    }
    console.log(`\nLoad average (1/5/15 min): ${loadavg().map((n) => n.toFixed(2)).join(" / ")}`);
  } finally {
    await standin.stop();
    await db.stop();
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
