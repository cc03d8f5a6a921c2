// The workload: the same tools/call, N times at a given concurrency, through the MCP SDK's own
// client over Streamable HTTP. Latency is per call; CPU and memory are read from the server
// process under test.
import { EventEmitter } from "node:events";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { cpuSeconds, peakRssMb, type StdioCommand } from "@/bench/processes";
import { projectRoot } from "@/lib/db-bootstrap";

export type ToolCall = { name: string; arguments: Record<string, unknown> };
/**
 * What a workload calls: a URL (Streamable HTTP) whose server process is `pid`, or a stdio
 * command the client starts itself (the floor: no HTTP at all; `pid` is filled in on connect).
 */
export type Target = { name: string; url?: string; stdio?: StdioCommand; headers?: Record<string, string>; pid: number; call?: ToolCall };
export type Result = {
  target: string;
  concurrency: number;
  calls: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  callsPerSecond: number;
  cpuUsPerCall: number;
  peakRssMb: number;
  /** Every call's latency, sorted (for merging rounds). */
  latenciesMs: number[];
  seconds: number;
  cpuSeconds: number;
};

// The SDK client passes one AbortSignal to every fetch of a transport; thousands of calls in flight
// over a run trip Node's listener-leak warning, which is noise here.
EventEmitter.defaultMaxListeners = 0;

export const CALL = { name: "get_experiment_by_name", arguments: { name: "churn-prediction" } };

export async function connect(target: Target): Promise<Client> {
  const client = new Client({ name: "bench", version: "1.0.0" });
  if (target.stdio) {
    const transport = new StdioClientTransport({ ...target.stdio, cwd: projectRoot, stderr: "ignore" });
    await client.connect(transport);
    target.pid = transport.pid!;
    return client;
  }
  await client.connect(new StreamableHTTPClientTransport(new URL(target.url!), { requestInit: { headers: target.headers ?? {} } }));
  return client;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export async function runWorkload(client: Client, target: Target, calls: number, concurrency: number): Promise<Result> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const cpuBefore = cpuSeconds(target.pid);
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < calls) {
      next++;
      const t0 = performance.now();
      try {
        const result = await client.callTool(target.call ?? CALL);
        if (result.isError) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuSeconds(target.pid) - cpuBefore;
  latencies.sort((a, b) => a - b);
  return {
    target: target.name, concurrency, calls, errors,
    p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99),
    callsPerSecond: calls / seconds, cpuUsPerCall: (cpu * 1e6) / calls, peakRssMb: peakRssMb(target.pid),
    latenciesMs: latencies, seconds, cpuSeconds: cpu,
  };
}
