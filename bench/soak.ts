// `npm run soak`: a held load across 2 gateway workers behind a sticky round-robin balancer for
// SOAK_SECONDS (default 600): lanes of agents that open a session, call a while and end it
// (session churn); calls held for approval that an approver releases; a policy edit every few
// seconds; one worker drained and restarted half-way. Prints RSS and event-loop delay p99 (from
// each worker's /metrics) over time, then audit rows against decisions, counter exactness, errors.
import { cpus, loadavg } from "node:os";
import { readFileSync } from "node:fs";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import type { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { startBalancer } from "@/bench/balancer";
import { benchDatabase } from "@/bench/database";
import { PgWork } from "@/bench/pg-work";
import { startGatewayProcess, startStandinProcess, type Proc } from "@/bench/processes";
import { fmt, printRows } from "@/bench/report";
import { soakGrant, soakPolicy } from "@/bench/soak-setup";
import { connect } from "@/bench/workload";

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const LANES = Number(process.env.SOAK_LANES ?? 16);
const SAMPLE_MS = Math.max(2_000, Math.min(30_000, (SECONDS * 1000) / 20));
const EDIT_MS = 3_000;

type Tally = { decided: number; counted: number; approved: number; pending: number; errors: number; restartErrors: number; sessions: number; errorSamples: string[] };
const tally: Tally = { decided: 0, counted: 0, approved: 0, pending: 0, errors: 0, restartErrors: 0, sessions: 0, errorSamples: [] };
// SOAK_BUNDLE=path/to/gateway.mjs soaks another build (say, an earlier commit's) for comparison.
const launch = process.env.SOAK_BUNDLE ? { bundle: process.env.SOAK_BUNDLE } : {};
let restarting = false;
let stopping = false;

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : 0;
}

async function eventLoopP99Ms(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const match = /^warden_gateway_nodejs_eventloop_lag_p99_seconds (\S+)$/m.exec(text);
  return match ? Number(match[1]) * 1000 : NaN;
}

function failed(error: unknown): void {
  if (restarting) tally.restartErrors++;
  else {
    tally.errors++;
    if (tally.errorSamples.length < 5) tally.errorSamples.push(error instanceof Error ? error.message.slice(0, 160) : String(error));
  }
}

/** One agent: a session of 10–40 calls (one in ten held for approval), ended, then another. */
async function lane(url: string, grant: { serverId: string; token: string }): Promise<void> {
  const target = { name: "soak", url: `${url}/mcp/${grant.serverId}`, headers: { authorization: `Bearer ${grant.token}` }, pid: 0 };
  while (!stopping) {
    let client: Client;
    try {
      client = await connect(target);
    } catch (error) {
      failed(error);
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    tally.sessions++;
    const calls = 10 + Math.floor(Math.random() * 30);
    for (let i = 0; i < calls && !stopping; i++) {
      const held = Math.random() < 0.1;
      try {
        const result = held
          ? await client.callTool({ name: "search_experiments", arguments: {} }, undefined, { timeout: 60_000 })
          : await client.callTool({ name: "get_experiment_by_name", arguments: { name: "churn-prediction" } });
        tally.decided++;
        // A held call without a progress token is answered at once "approval pending" (retry mode);
        // its identical retry after the approver's decision is forwarded. That answer is not an error.
        if (result.isError && held && JSON.stringify(result.content).includes("approval_pending")) tally.pending++;
        else if (result.isError) failed(new Error(`tool error: ${JSON.stringify(result.content).slice(0, 120)}`));
        else if (held) tally.approved++;
        else tally.counted++;
      } catch (error) {
        // A JSON-RPC error from the gateway is still a decision (audited); a counted call whose
        // upstream then failed was charged before it was forwarded.
        if (error instanceof McpError && error.code !== -32001) {
          tally.decided++;
          if (!held && /upstream/i.test(error.message)) tally.counted++;
        }
        failed(error);
        break; // a session lost to the restart: start another
      }
    }
    await (client.transport as StreamableHTTPClientTransport | undefined)?.terminateSession().catch(() => {});
    await client.close().catch(() => {});
  }
}

async function main(): Promise<void> {
  console.error(`Soak: ${SECONDS} s, ${LANES} agents over 2 workers, a policy edit every ${EDIT_MS / 1000} s, worker 2 restarted at ${Math.round(SECONDS / 2)} s.`);
  const db = await benchDatabase();
  const work = await PgWork.open(db.url);
  const standin = await startStandinProcess();
  const workers: Proc[] = [await startGatewayProcess(db.url, {}, launch), await startGatewayProcess(db.url, {}, launch)];
  const portOf = (p: Proc) => Number(new URL(p.url).port);
  const balancer = await startBalancer(workers.map(portOf));
  const samples: string[][] = [];
  try {
    const grant = await soakGrant(work, standin.url);
    const started = performance.now();
    const elapsed = () => (performance.now() - started) / 1000;
    const lanes = Array.from({ length: LANES }, () => lane(balancer.url, grant));
    const approver = setInterval(() => void work.query(`UPDATE approvals SET status = 'approved', "decidedAt" = now() WHERE "orgId" = $1 AND status = 'pending'`, [grant.orgId]).catch(() => {}), 250);
    let edits = 0;
    const editor = setInterval(() => void soakPolicy(work, grant, ++edits).catch(() => {}), EDIT_MS);
    const sample = async () => {
      for (const [i, w] of workers.entries()) {
        if (w.child.exitCode !== null) continue;
        samples.push([fmt(elapsed()), `worker ${i + 1} (pid ${w.child.pid})`, fmt(rssMb(w.child.pid!)), fmt(await eventLoopP99Ms(w.url).catch(() => NaN), 1), fmt(tally.decided)]);
      }
      console.error(`  ${samples.at(-1)?.join(" · ")}`);
    };
    const sampler = setInterval(() => void sample(), SAMPLE_MS);
    await new Promise((r) => setTimeout(r, (SECONDS * 1000) / 2));
    // Restart worker 2: new sessions go to worker 1, then worker 2 stops gracefully and a new one takes its place.
    restarting = true;
    balancer.setWorkers([portOf(workers[0]!)]);
    await new Promise((r) => setTimeout(r, 1_000));
    await workers[1]!.stop();
    workers[1] = await startGatewayProcess(db.url, {}, launch);
    balancer.setWorkers(workers.map(portOf));
    console.error(`  worker 2 restarted at ${fmt(elapsed())} s`);
    await new Promise((r) => setTimeout(r, 2_000));
    restarting = false;
    await new Promise((r) => setTimeout(r, Math.max(0, SECONDS * 1000 - elapsed() * 1000)));
    stopping = true;
    clearInterval(editor);
    await Promise.all(lanes);
    clearInterval(approver);
    clearInterval(sampler);
    await sample();
    const seconds = elapsed();
    await Promise.all(workers.map((w) => w.stop())); // flushes the audit buffers
    const [audit] = await work.query<{ n: string }>(`SELECT count(*) AS n FROM audit_events WHERE "orgId" = $1 AND method = 'tools/call'`, [grant.orgId]);
    const counted = await work.counterTotal("soak");
    console.log("");
    printRows(["s", "worker", "RSS MB", "event-loop p99 ms", "calls decided so far"], samples);
    console.log(`\n${fmt(tally.decided)} calls decided in ${fmt(seconds)} s (${fmt(tally.decided / seconds)}/s) over ${fmt(tally.sessions)} sessions; ${fmt(tally.approved)} approved after a hold, ${fmt(tally.pending)} answered "approval pending" (to retry); ${edits} policy edits.`);
    console.log(`Audit rows for tools/call: ${fmt(Number(audit!.n))} — decisions answered (results and JSON-RPC errors): ${fmt(tally.decided)} (${Number(audit!.n) === tally.decided ? "equal" : `differ by ${Number(audit!.n) - tally.decided}: a call cut by the restart was decided and audited but never answered`}).`);
    console.log(`Counter: ${fmt(counted)} taken — counted calls answered: ${fmt(tally.counted)} (${counted === tally.counted ? "exact" : `differ by ${counted - tally.counted}`}).`);
    console.log(`Errors: ${tally.errors} outside the restart, ${tally.restartErrors} during it (sessions on the stopped worker).${tally.errorSamples.length ? `\n  ${tally.errorSamples.join("\n  ")}` : ""}`);
    console.log(`Load average: ${loadavg().map((n) => n.toFixed(2)).join(" / ")} on ${cpus().length} cores.`);
  } finally {
    stopping = true;
    await balancer.close();
    for (const w of workers) await w.stop();
    await standin.stop();
    await work.close();
    await db.stop();
  }
}

main().catch((error: Error | undefined) => {
  console.error(error?.stack ?? error?.message ?? `failed: ${String(error)}`);
  process.exit(1);
});
