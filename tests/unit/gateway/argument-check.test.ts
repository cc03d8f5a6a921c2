// The gateway's argument check: one compiled validator per (server, tool, fingerprint) in a
// bounded LRU, refusals worded for the agent, unchecked schemas counted, compiles rationed.
import pino from "pino";
import { Registry } from "prom-client";
import { describe, expect, test } from "vitest";
import { ArgumentCheck } from "@/gateway/enforce/argument-check";
import { CompileBudget } from "@/gateway/enforce/compile-budget";
import { LruCache } from "@/gateway/enforce/lru-cache";
import type { ToolState } from "@/gateway/state/records";

const logger = pino({ level: "silent" });
const tool = (inputSchema: unknown, fingerprint = "f1"): ToolState => ({ status: "active", fingerprint, driftFingerprint: null, inputSchema });
const evil = "a".repeat(40) + "!";

async function skipped(registry: Registry): Promise<Record<string, number>> {
  const metric = await registry.getSingleMetric("warden_gateway_argument_checks_skipped_total")!.get();
  return Object.fromEntries(metric.values.map((v) => [String(v.labels.reason), v.value]));
}

describe("ArgumentCheck", () => {
  test("a catastrophic pattern refuses with the field named", () => {
    const check = new ArgumentCheck(logger);
    const schema = { type: "object", properties: { name: { type: "string", pattern: "^(a|a)+$" } } };
    expect(check.problem("srv", "echo", tool(schema), { name: evil })).toBe('Invalid arguments for echo: data/name must match pattern "^(a|a)+$"');
    expect(check.problem("srv", "echo", tool(schema), { name: "aaaa" })).toBeNull();
  });

  test("an unchecked schema forwards and is counted once per compile", async () => {
    const registry = new Registry();
    const check = new ArgumentCheck(logger, { registry });
    const schema = { type: "object", properties: { a: { $ref: "https://example.com/remote.json" } } };
    expect(check.problem("srv", "t", tool(schema), { a: 1 })).toBeNull();
    expect(check.problem("srv", "t", tool(schema), { a: 2 })).toBeNull();
    const lookahead = { type: "object", properties: { a: { type: "string", pattern: "^(?=x)" } } };
    expect(check.problem("srv", "u", tool(lookahead), { a: "y" })).toBeNull();
    expect(await skipped(registry)).toEqual({ schema_refused: 1, pattern_unsupported: 1 });
  });

  test("validators are keyed by fingerprint: a new definition is checked by its own schema", () => {
    const check = new ArgumentCheck(logger);
    const numbers = tool({ type: "object", properties: { a: { type: "number" } } }, "f1");
    const strings = tool({ type: "object", properties: { a: { type: "string" } } }, "f2");
    expect(check.problem("srv", "t", numbers, { a: "x" })).not.toBeNull();
    expect(check.problem("srv", "t", strings, { a: "x" })).toBeNull();
  });

  test("once the compile budget is spent, new tools go unchecked until it refills", async () => {
    let clock = 0;
    const registry = new Registry();
    // The clock moves 25 ms per reading, so each compile is charged 25 ms; the budget is 30 ms per second.
    const check = new ArgumentCheck(logger, { registry, compileMsPerSecond: 30, now: () => (clock += 25) });
    const strict = (n: number) => tool({ type: "object", properties: { a: { type: "number" } } }, `f${n}`);
    expect(check.problem("srv", "t", strict(1), { a: "x" })).not.toBeNull();
    expect(check.problem("srv", "t", strict(2), { a: "x" })).not.toBeNull();
    expect(check.problem("srv", "t", strict(3), { a: "x" })).toBeNull();
    expect(await skipped(registry)).toEqual({ compile_deferred: 1 });
    clock += 2_000;
    expect(check.problem("srv", "t", strict(3), { a: "x" })).not.toBeNull();
    expect(check.problem("srv", "t", strict(1), { a: "x" })).not.toBeNull();
  });

  test("arguments too costly to check are forwarded and counted", async () => {
    const registry = new Registry();
    const check = new ArgumentCheck(logger, { registry, limits: { checkBudget: 10_000 } });
    const schema = { type: "object", properties: { a: { type: "string", pattern: "^[a-z]+$" } } };
    expect(check.problem("srv", "t", tool(schema), { a: "a".repeat(100_000) })).toBeNull();
    expect(check.problem("srv", "t", tool(schema), { a: "A" })).not.toBeNull();
    expect(await skipped(registry)).toEqual({ too_costly: 1 });
  });
});

describe("LruCache", () => {
  test("evicts the least recently used entry by weight, one at a time", () => {
    const cache = new LruCache<string, number>(10, 100);
    cache.set("a", 1, 4);
    cache.set("b", 2, 4);
    cache.get("a");
    cache.set("c", 3, 4);
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual([1, undefined, 3]);
    expect(cache.totalWeight).toBe(8);
  });

  test("evicts by count too, and keeps an entry heavier than the bound until the next one", () => {
    const cache = new LruCache<string, number>(5, 2);
    cache.set("a", 1);
    cache.set("b", 2);
    cache.set("c", 3);
    expect([cache.get("a"), cache.size]).toEqual([undefined, 2]);
    cache.set("huge", 4, 50);
    expect([cache.get("huge"), cache.size]).toEqual([4, 1]);
  });
});

describe("CompileBudget", () => {
  test.each([
    ["starts full", [], true],
    ["spent", [["charge", 100]], false],
    ["refills with time", [["charge", 100], ["wait", 600]], true],
    ["a long compile delays the next longer", [["charge", 300], ["wait", 1_000]], false],
  ] as const)("%s", (_name, steps, expected) => {
    let clock = 0;
    const budget = new CompileBudget(100, () => clock);
    for (const [kind, amount] of steps) {
      if (kind === "charge") budget.charge(amount);
      else clock += amount;
    }
    expect(budget.available()).toBe(expected);
  });
});
