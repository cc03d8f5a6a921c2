// Organization B, the bystander of every hostile-tenant test: an honest agent that keeps calling
// through the same gateway while organization A attacks it. `stop()` reports how many of B's calls
// were served, how long they took, and whether each one left its audit row.
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { db } from "@/lib/db";
import { verifyAuditChain } from "@/lib/audit";
import { makeSetup } from "../fixtures";
import { connectAgent } from "../harness";

export const BYSTANDER_POLICY = { version: "1", default: "allow", tools: {} } as const;

export type BystanderReport = {
  served: number;
  total: number;
  failures: string[];
  latencyMsP50: number;
  latencyMsMax: number;
};

export type Bystander = {
  orgId: string;
  client: Client;
  /** One call, timed: B's "usual latency" is measured with this before and during an attack. */
  call(): Promise<number>;
  /** Starts calling in a loop (one call at a time, `pauseMs` apart) until stop(). */
  start(pauseMs?: number): void;
  stop(): Promise<BystanderReport>;
  /** Waits until B's gateway audit rows number `expected` (or `timeoutMs` passes); returns the count. */
  auditedCalls(expected: number, timeoutMs?: number): Promise<number>;
  /** B's audit chain verifies from genesis to head. */
  chainVerifies(): Promise<boolean>;
};

/** B's org, server (the given stand-in URL), allow-all policy, grant and a connected SDK client. */
export async function startBystander(gatewayUrl: string, standinUrl: string): Promise<Bystander> {
  const setup = await makeSetup({ transport: "http", url: standinUrl }, BYSTANDER_POLICY);
  const client = await connectAgent(gatewayUrl, setup.server.id, setup.token);
  const latencies: number[] = [];
  const failures: string[] = [];
  let total = 0;
  let loop: Promise<void> | undefined;
  let running = false;

  const call = async () => {
    const started = performance.now();
    total += 1;
    try {
      const result = await client.callTool({ name: "search_experiments", arguments: {} });
      if (result.isError) failures.push(`refused: ${JSON.stringify(result.content).slice(0, 200)}`);
    } catch (error) {
      failures.push((error as Error).message);
    }
    const ms = performance.now() - started;
    latencies.push(ms);
    return ms;
  };

  return {
    orgId: setup.orgId,
    client,
    call,
    start(pauseMs = 20) {
      running = true;
      loop = (async () => {
        while (running) {
          await call();
          await new Promise((resolve) => setTimeout(resolve, pauseMs));
        }
      })();
    },
    async stop() {
      running = false;
      await loop;
      const sorted = [...latencies].sort((a, b) => a - b);
      return {
        served: total - failures.length,
        total,
        failures,
        latencyMsP50: sorted[Math.floor(sorted.length / 2)] ?? 0,
        latencyMsMax: sorted[sorted.length - 1] ?? 0,
      };
    },
    async auditedCalls(expected, timeoutMs = 1_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const count = await db.auditEvent.count({ where: { orgId: setup.orgId, kind: "gateway", method: "tools/call" } });
        if (count >= expected || Date.now() >= deadline) return count;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    async chainVerifies() {
      return (await verifyAuditChain(setup.orgId)).ok;
    },
  };
}
