// Prints the benchmark's table, the ratios against the direct connection and mcp-proxy, and the
// issue's targets with a verdict each.
import type { Result } from "@/bench/workload";

// Measured on this class of machine and quoted in issue #5; used only when mcp-proxy is not installed.
export const MCP_PROXY_REFERENCE = { cpuUsPerCall: 980, callsPerSecondC1: 150, callsPerSecondC32: 615 };

const fmt = (value: number, digits = 0) => value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function printTable(results: Result[]): void {
  const rows = results.map((r) => [r.target, String(r.concurrency), fmt(r.p50Ms, 2), fmt(r.p99Ms, 2), fmt(r.callsPerSecond), fmt(r.cpuUsPerCall), fmt(r.peakRssMb), String(r.errors)]);
  const header = ["target", "conc", "p50 ms", "p99 ms", "calls/s", "server CPU µs/call", "peak RSS MB", "errors"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) console.log(line(row));
}

function find(results: Result[], target: string, concurrency: number): Result | undefined {
  return results.find((r) => r.target === target && r.concurrency === concurrency);
}

export function printRatios(results: Result[], wardenTargets: string[], proxyMeasured: boolean): void {
  const proxy = (c: number) => find(results, "mcp-proxy (stdio)", c);
  console.log("\nRatios (Warden vs direct, and vs mcp-proxy" + (proxyMeasured ? ")" : ": issue #5's reference figures, mcp-proxy is not installed here)"));
  for (const name of wardenTargets) {
    const [d1, d32, w1, w32] = [find(results, "direct", 1), find(results, "direct", 32), find(results, name, 1), find(results, name, 32)];
    if (!d1 || !d32 || !w1 || !w32) continue;
    const proxyCpu = proxy(32)?.cpuUsPerCall ?? MCP_PROXY_REFERENCE.cpuUsPerCall;
    const proxyRate = proxy(32)?.callsPerSecond ?? MCP_PROXY_REFERENCE.callsPerSecondC32;
    console.log(`  ${name}`);
    console.log(`    added p50 at c=1: ${fmt(w1.p50Ms - d1.p50Ms, 2)} ms · p50 ratio ${fmt(w1.p50Ms / d1.p50Ms, 2)}× · throughput c=32 ${fmt(w32.callsPerSecond / d32.callsPerSecond, 2)}× direct`);
    console.log(`    gateway CPU/call c=1 ${fmt(w1.cpuUsPerCall)} µs, c=32 ${fmt(w32.cpuUsPerCall)} µs = ${fmt(w32.cpuUsPerCall / proxyCpu, 2)}× mcp-proxy · throughput c=32 ${fmt(w32.callsPerSecond / proxyRate, 2)}× mcp-proxy`);
  }
}

export function printTargets(results: Result[], proxyMeasured: boolean): void {
  const allow1 = find(results, "warden allow (http)", 1);
  const allow32 = find(results, "warden allow (http)", 32);
  const counter32 = find(results, "warden counter (http)", 32);
  const counter1 = find(results, "warden counter (http)", 1);
  const direct1 = find(results, "direct", 1);
  const proxyRate = find(results, "mcp-proxy (stdio)", 32)?.callsPerSecond ?? MCP_PROXY_REFERENCE.callsPerSecondC32;
  const bestThroughput = Math.max(allow32?.callsPerSecond ?? 0, find(results, "warden allow (stdio)", 32)?.callsPerSecond ?? 0);
  const checks: [string, number, number, string][] = [
    ["gateway CPU per call, allow path (µs)", Math.max(allow1?.cpuUsPerCall ?? Infinity, allow32?.cpuUsPerCall ?? Infinity), 250, "≤"],
    ["gateway CPU per call, with a counter (µs)", Math.max(counter1?.cpuUsPerCall ?? Infinity, counter32?.cpuUsPerCall ?? Infinity), 400, "≤"],
    ["added latency over direct p50 at c=1 (ms)", (allow1?.p50Ms ?? Infinity) - (direct1?.p50Ms ?? 0), 1, "≤"],
    [`throughput at c=32 vs mcp-proxy${proxyMeasured ? "" : " (reference)"} (×)`, bestThroughput / proxyRate, 1.5, "≥"],
    ["errors", results.reduce((n, r) => n + r.errors, 0), 0, "≤"],
  ];
  console.log("\nTargets (issue #5)");
  for (const [label, value, target, op] of checks) {
    const ok = op === "≤" ? value <= target : value >= target;
    console.log(`  ${ok ? "✓" : "✗"} ${label}: ${fmt(value, 2)} (target ${op} ${target})`);
  }
}
