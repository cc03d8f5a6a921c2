/**
 * The seed policy end to end, with the gateway's counter step played by a tiny in-memory store:
 * 30 calls in a minute are admitted, the 31st is refused with its reset time, and the next
 * minute admits again. The clock is a number the test moves.
 */
import { describe, expect, test } from "vitest";
import { evaluate, refusedByLimit, simulate, type Charge, type Decision } from "@/lib/policy";
import { compile, context, SEED_POLICY } from "./helpers";

/** Like the gateway's SQL: all charges are taken, or none when any counter is full. */
class MemoryCounters {
  private readonly counts = new Map<string, number>();
  take(charges: readonly Charge[]): Charge | null {
    const full = charges.find((c) => (this.counts.get(c.counterKey) ?? 0) >= c.max);
    if (full) return full;
    for (const c of charges) this.counts.set(c.counterKey, (this.counts.get(c.counterKey) ?? 0) + 1);
    return null;
  }
}

function gatewayDecide(counters: MemoryCounters, now: number): Decision {
  const decision = evaluate(compiled, { tool: "set_experiment_tag", args: { experiment_id: "1", key: "k", value: "v" } }, context({ now }));
  if (decision.kind !== "allow") return decision;
  const full = counters.take(decision.charges);
  return full ? refusedByLimit(full) : decision;
}

const compiled = compile(SEED_POLICY);
const minute = Date.UTC(2026, 10, 25, 9, 15, 0);

describe("the seed policy", () => {
  test("admits 30 calls in a minute, refuses the 31st with its reset time, and admits again in the next minute", () => {
    const counters = new MemoryCounters();
    const first30 = Array.from({ length: 30 }, (_, i) => gatewayDecide(counters, minute + i * 1000).kind);
    expect(first30).toEqual(Array(30).fill("allow"));

    const refused = gatewayDecide(counters, minute + 59_999);
    expect(refused).toMatchObject({
      kind: "deny",
      ruleId: "/tools/set_experiment_tag/limits/0",
      retryAt: "2026-11-25T09:16:00.000Z",
    });
    expect(refused.kind === "deny" && refused.reason).toBe(
      "Rate limit reached: set_experiment_tag_rate (30 per minute per grant). Retry after 2026-11-25T09:16:00.000Z.",
    );

    expect(gatewayDecide(counters, minute + 60_000).kind).toBe("allow");
  });

  test("counts per grant: another grant is not refused", () => {
    const counters = new MemoryCounters();
    for (let i = 0; i < 30; i++) gatewayDecide(counters, minute);
    const other = evaluate(compiled, { tool: "set_experiment_tag", args: {} }, context({ now: minute, grantId: "grt_2" }));
    expect(other.kind === "allow" && counters.take(other.charges)).toBeNull();
  });

  test("hides every tool it does not name", () => {
    expect(evaluate(compiled, { tool: "delete_experiment", args: {} }, context())).toMatchObject({ kind: "hide", ruleId: "/default" });
  });
});

describe("simulate: the window already holds N calls", () => {
  const call = { tool: "set_experiment_tag", args: {} };
  test.each([
    ["no calls yet", {}, "allow"],
    ["29 used", { set_experiment_tag_rate: 29 }, "allow"],
    ["30 used: full", { set_experiment_tag_rate: 30 }, "deny"],
    ["another counter is full", { other: 99 }, "allow"],
  ])("%s", (_name, usedByCounter, kind) => {
    const decision = simulate(compiled, call, context({ now: minute }), { usedByCounter });
    expect(decision.kind).toBe(kind);
    if (decision.kind === "deny") {
      expect(decision).toMatchObject({ ruleId: "/tools/set_experiment_tag/limits/0", retryAt: "2026-11-25T09:16:00.000Z" });
      expect(decision.explanation).toMatch(/is full, 30 used; the window resets at 2026-11-25T09:16:00.000Z/);
    }
  });

  test("a full counterKey counts like a full counter name", () => {
    const [charge] = (evaluate(compiled, call, context({ now: minute })) as { charges: Charge[] }).charges;
    expect(simulate(compiled, call, context({ now: minute }), { usedByCounter: { [charge!.counterKey]: 30 } }).kind).toBe("deny");
  });

  test("with several full limits, the retry time is the latest reset", () => {
    const policy = compile({
      version: "1",
      default: "deny",
      tools: { t: { limits: [{ counter: "per_minute", window: "minute", max: 1 }, { counter: "per_hour", window: "hour", max: 1 }] } },
    });
    const decision = simulate(policy, { tool: "t" }, context({ now: minute }), { usedByCounter: { per_minute: 1, per_hour: 1 } });
    expect(decision).toMatchObject({ kind: "deny", ruleId: "/tools/t/limits/1", retryAt: "2026-11-25T10:00:00.000Z" });
  });

  test("refusals other than limits pass through unchanged", () => {
    expect(simulate(compiled, { tool: "nope" }, context(), { usedByCounter: {} })).toEqual(evaluate(compiled, { tool: "nope" }, context()));
  });
});
