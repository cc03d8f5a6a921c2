// Attack: organization A registers an upstream that accepts connections and then never answers
// (first with headers and an event stream that stays silent, then without even headers, cancels
// included), and fires 100 calls at it at once, twice. Each call must end in a timeout error, the
// gateway must let go of every socket the hung server holds, and once the server answers again
// A's next call works. Organization B, on another server, is served and audited throughout.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import type { RunningGateway } from "@/gateway/gateway";
import { db } from "@/lib/db";
import { makeSetup, removeTestData } from "../fixtures";
import { connectAgent, startStandin, startTestGateway, textOf } from "../harness";
import { startBystander, type Bystander } from "./bystander";
import { startHungServer } from "./hung-server";

const ALLOW = { version: "1", default: "allow", tools: {} };
const CALLS = 100;
// Short, so the attack is quick; B's calls share it, so it leaves room for a loaded test machine.
const TIMEOUT_MS = 2_000;

let standin: Awaited<ReturnType<typeof startStandin>>;
let hung: Awaited<ReturnType<typeof startHungServer>>;
let gateway: RunningGateway;
let bystander: Bystander;

beforeAll(async () => {
  standin = await startStandin();
  hung = await startHungServer();
  gateway = await startTestGateway({ upstreamTimeoutMs: TIMEOUT_MS });
  bystander = await startBystander(gateway.url, standin.url);
});
afterAll(async () => {
  await bystander?.client.close();
  await gateway?.close();
  await hung?.close();
  await standin?.close();
  await removeTestData();
});

describe("hostile tenant: an upstream that hangs", () => {
  test("100 hung calls time out, free every socket, and the server works again; B is served throughout", async () => {
    const a = await makeSetup({ transport: "http", url: hung.url }, ALLOW);
    const agent = await connectAgent(gateway.url, a.server.id, a.token);
    const call = () => agent.callTool({ name: "slow_echo", arguments: { text: "hi" } });
    expect(textOf(await call())).toBe("answered");
    const upstreamA = gateway.services.upstreams.get((await gateway.services.state.server(a.server.id))!);

    const usualMs = (await bystander.call(), await bystander.call());
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    bystander.start();
    for (const mode of ["silent", "mute"] as const) {
      hung.setMode(mode);
      const before = hung.seen.toolCalls;
      const outcomes = await Promise.allSettled(Array.from({ length: CALLS }, call));
      const timedOut = outcomes.filter((o) => o.status === "rejected" && /did not answer tools\/call within 2 s/.test(String(o.reason)));
      expect(timedOut.length, `${mode}: ${JSON.stringify(outcomes.find((o) => o.status === "fulfilled" || !timedOut.includes(o)))}`).toBe(CALLS);
      // Requests that waited in the agent's queue were dropped unsent; the rest reached the server.
      expect(hung.seen.toolCalls - before).toBeGreaterThan(0);
      // Each abandoned request's socket is destroyed at once; a cancel that hangs too within its own bound.
      await vi.waitFor(() => {
        expect(upstreamA.sockets.busy).toBe(0);
        expect(hung.unanswered).toBe(0);
      }, { timeout: 15_000, interval: 100 });
      expect(upstreamA.inFlight).toBe(0);
      console.log(`${mode}: server connections open after ${hung.openConnections}, sockets ${JSON.stringify(upstreamA.sockets)}, cancels ${hung.seen.cancels}, peak hanging cancels ${hung.seen.cancelsHangingPeak}`);
    }
    // Cancels to a server that hangs on them too: never more than the bound at once.
    expect(hung.seen.cancelsHangingPeak).toBeGreaterThan(0);
    expect(hung.seen.cancelsHangingPeak).toBeLessThanOrEqual(16);
    await vi.waitFor(() => expect(hung.openConnections).toBeLessThanOrEqual(1), { timeout: 15_000, interval: 100 });

    hung.setMode("answer");
    expect(textOf(await call())).toBe("answered");
    const report = await bystander.stop();
    loopDelay.disable();
    console.log(`event loop delay during the attack: p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms, max ${(loopDelay.max / 1e6).toFixed(0)} ms`);
    console.log(`B: served ${report.served}/${report.total}, usual ${usualMs.toFixed(1)} ms, p50 ${report.latencyMsP50.toFixed(1)} ms, max ${report.latencyMsMax.toFixed(1)} ms`);
    expect(report.failures).toEqual([]);
    expect(report.total).toBeGreaterThan(10);
    // B's calls include two made before the attack (B's own first call opens its upstream connection).
    expect(report.latencyMsMax).toBeLessThan(TIMEOUT_MS);
    expect(await bystander.auditedCalls(report.total)).toBe(report.total);
    expect(await bystander.chainVerifies()).toBe(true);

    const timeouts = await db.auditEvent.count({ where: { orgId: a.orgId, method: "tools/call", upstreamOutcome: "timeout" } });
    expect(timeouts).toBe(2 * CALLS);
    await agent.close();
  }, 120_000);
});
