// Prints the benchmark's table, the ratios against the floor and mcp-proxy, and the issue's
// targets (#15) with a verdict each. Only ratios within one run are compared.
import type { Result } from "@/bench/workload";

export const fmt = (value: number, digits = 0) => value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function printRows(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) console.log(line(row));
}

export function printTable(results: Result[]): void {
  const rows = results.map((r) => [r.target, String(r.concurrency), fmt(r.p50Ms, 2), fmt(r.p99Ms, 2), fmt(r.callsPerSecond), fmt(r.cpuUsPerCall), fmt(r.peakRssMb), String(r.errors)]);
  printRows(["target", "conc", "p50 ms", "p99 ms", "calls/s", "server CPU µs/call", "peak RSS MB", "errors"], rows);
}

function find(results: Result[], target: string, concurrency: number): Result | undefined {
  return results.find((r) => r.target === target && r.concurrency === concurrency);
}

const FLOOR = "floor (stdio, no HTTP)";
const PROXY = "mcp-proxy (stdio)";
export const RELAY = "bare node relay (stdio)";
export const RELAY_HTTP = "bare node relay (http)";

export function printRatios(results: Result[]): void {
  const floor = find(results, FLOOR, 32);
  const proxy = find(results, PROXY, 32);
  console.log("\nAt concurrency 32, in front of the same stdio server");
  for (const name of [PROXY, RELAY, "warden allow (stdio)", "warden counter (stdio)"]) {
    const r = find(results, name, 32);
    if (!r) continue;
    const vsProxy = proxy && name !== PROXY ? ` · CPU/call ${fmt(r.cpuUsPerCall / proxy.cpuUsPerCall, 2)}× mcp-proxy · calls/s ${fmt(r.callsPerSecond / proxy.callsPerSecond, 2)}× mcp-proxy` : "";
    console.log(`  ${name}: ${fmt(r.cpuUsPerCall)} µs CPU/call, ${fmt(r.callsPerSecond)} calls/s = ${fmt(r.callsPerSecond / (floor?.callsPerSecond ?? NaN), 2)} of the floor${vsProxy}`);
  }
  const [relay, allow] = [find(results, RELAY, 32), find(results, "warden allow (stdio)", 32)];
  if (relay && allow) console.log(`  Warden's own work (allow − bare relay): ${fmt(allow.cpuUsPerCall - relay.cpuUsPerCall)} µs CPU/call; Node's HTTP and pipe work (the relay): ${fmt(relay.cpuUsPerCall)}`);
  for (const [now, before] of [["warden allow (stdio)", "baseline allow (stdio)"], ["warden counter (stdio)", "baseline counter (stdio)"]] as const) {
    const [r, b] = [find(results, now, 32), find(results, before, 32)];
    if (r && b) console.log(`  ${now} vs ${before}: CPU/call ${fmt(r.cpuUsPerCall / b.cpuUsPerCall, 2)}×, calls/s ${fmt(r.callsPerSecond / b.callsPerSecond, 2)}×`);
  }
  const [d32, w32] = [find(results, "direct (http)", 32), find(results, "warden allow (http)", 32)];
  if (d32 && w32) console.log(`  HTTP upstream: warden allow (http) ${fmt(w32.cpuUsPerCall)} µs CPU/call, ${fmt(w32.callsPerSecond)} calls/s = ${fmt(w32.callsPerSecond / d32.callsPerSecond, 2)} of direct`);
  const [d1, w1] = [find(results, "direct (http)", 1), find(results, "warden allow (http)", 1)];
  if (d1 && w1) console.log(`  concurrency 1, HTTP upstream: p50 ${fmt(w1.p50Ms, 2)} ms through Warden vs ${fmt(d1.p50Ms, 2)} ms direct (+${fmt(w1.p50Ms - d1.p50Ms, 2)} ms)`);
  const r1 = find(results, RELAY_HTTP, 1);
  if (d1 && w1 && r1) console.log(`  concurrency 1, any Node HTTP hop: p50 ${fmt(r1.p50Ms, 2)} ms through the bare relay (+${fmt(r1.p50Ms - d1.p50Ms, 2)} ms over direct); Warden's own share: +${fmt(w1.p50Ms - r1.p50Ms, 2)} ms`);
}

export function printTargets(results: Result[]): void {
  const proxy = find(results, PROXY, 32);
  const allow = find(results, "warden allow (stdio)", 32);
  const counter = find(results, "warden counter (stdio)", 32);
  const [d1, w1] = [find(results, "direct (http)", 1), find(results, "warden allow (http)", 1)];
  const checks: [string, number, number, string][] = [
    ["allow path CPU/call ÷ mcp-proxy's", (allow?.cpuUsPerCall ?? NaN) / (proxy?.cpuUsPerCall ?? NaN), 0.3, "≤"],
    ["per-grant counter CPU/call ÷ mcp-proxy's", (counter?.cpuUsPerCall ?? NaN) / (proxy?.cpuUsPerCall ?? NaN), 0.4, "≤"],
    ["allow path calls/s ÷ mcp-proxy's", (allow?.callsPerSecond ?? NaN) / (proxy?.callsPerSecond ?? NaN), 1.5, "≥"],
    ["added p50 at c=1, HTTP upstream (ms)", (w1?.p50Ms ?? NaN) - (d1?.p50Ms ?? NaN), 0.3, "≤"],
    ["errors", results.reduce((n, r) => n + r.errors, 0), 0, "≤"],
  ];
  console.log("\nTargets (issue #15)");
  for (const [label, value, target, op] of checks) {
    const ok = op === "≤" ? value <= target : value >= target;
    console.log(`  ${ok ? "✓" : "✗"} ${label}: ${fmt(value, 2)} (target ${op} ${target})`);
  }
}

/** Postgres statements counted in the Warden windows of one target and concurrency (all rounds). */
export type PgCount = { target: string; concurrency: number; calls: number; audit: number; auditInserts: number; counter: number; other: number; counted: boolean };

export function printPgWork(counts: PgCount[]): void {
  if (counts.length === 0) return;
  if (!counts[0]!.counted) return void console.log("\nPostgres statements: not counted (pg_stat_statements is not loaded in this cluster).");
  console.log("\nPostgres statements per call in the Warden windows (pg_stat_statements; BEGIN/COMMIT left out)");
  printRows(
    ["target", "conc", "calls", "audit stmts/call", "audit batches", "rows/batch", "counter stmts/call", "other stmts/call", "all/call"],
    counts.map((c) => [c.target, String(c.concurrency), fmt(c.calls), fmt(c.audit / c.calls, 3), fmt(c.auditInserts), fmt(c.calls / Math.max(1, c.auditInserts), 1), fmt(c.counter / c.calls, 3), fmt(c.other / c.calls, 3), fmt((c.audit + c.counter + c.other) / c.calls, 3)]),
  );
  console.log("  audit: one statement per batch of rows (warden_append_audit numbers, hashes and inserts them under the chain head's lock); counter: one statement per batch of calls that arrive together.");
}

/** The targets' ratios round by round: how much the machine's load moved them. */
export function printRounds(results: Map<string, Result[]>, rounds: number): void {
  const at = (target: string, concurrency: number, round: number) => results.get(`${target}|${concurrency}`)?.[round];
  console.log("\nRound by round (ratios within each round)");
  printRows(
    ["round", "allow CPU ÷ proxy", "counter CPU ÷ proxy", "allow calls/s ÷ proxy", "allow calls/s ÷ floor", "c=1 added p50 ms (http)", "bare relay c=1 added p50 ms"],
    Array.from({ length: rounds }, (_, i) => {
      const proxy = at(PROXY, 32, i);
      const allow = at("warden allow (stdio)", 32, i);
      const counter = at("warden counter (stdio)", 32, i);
      const floor = at(FLOOR, 32, i);
      const [d1, w1] = [at("direct (http)", 1, i), at("warden allow (http)", 1, i)];
      return [
        String(i + 1),
        fmt((allow?.cpuUsPerCall ?? NaN) / (proxy?.cpuUsPerCall ?? NaN), 2),
        fmt((counter?.cpuUsPerCall ?? NaN) / (proxy?.cpuUsPerCall ?? NaN), 2),
        fmt((allow?.callsPerSecond ?? NaN) / (proxy?.callsPerSecond ?? NaN), 2),
        fmt((allow?.callsPerSecond ?? NaN) / (floor?.callsPerSecond ?? NaN), 2),
        fmt((w1?.p50Ms ?? NaN) - (d1?.p50Ms ?? NaN), 2),
        fmt((at(RELAY_HTTP, 1, i)?.p50Ms ?? NaN) - (d1?.p50Ms ?? NaN), 2),
      ];
    }),
  );
}
