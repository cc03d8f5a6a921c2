import { describe, expect, test } from "vitest";
import { evaluate, type Charge, type Decision } from "@/lib/policy";
import { compile, context, T0 } from "./helpers";

const chargesOf = (d: Decision): Charge[] => (d.kind === "allow" || d.kind === "approve" ? d.charges : []);
const oneLimit = (window: unknown, scope = "grant") =>
  compile({ version: "1", default: "deny", tools: { t: { limits: [{ counter: "c", window, max: 3, scope }] } } });

describe("windows are aligned on UTC boundaries (now = 2026-11-25T12:34:56.789Z)", () => {
  test.each([
    ["second", "second", "2026-11-25T12:34:56.000Z", "2026-11-25T12:34:57.000Z", 1],
    ["minute", "minute", "2026-11-25T12:34:00.000Z", "2026-11-25T12:35:00.000Z", 60],
    ["60 seconds, same as a minute", 60, "2026-11-25T12:34:00.000Z", "2026-11-25T12:35:00.000Z", 60],
    ["hour", "hour", "2026-11-25T12:00:00.000Z", "2026-11-25T13:00:00.000Z", 3600],
    ["day", "day", "2026-11-25T00:00:00.000Z", "2026-11-26T00:00:00.000Z", 86400],
    ["900 seconds: quarter hours", 900, "2026-11-25T12:30:00.000Z", "2026-11-25T12:45:00.000Z", 900],
  ])("%s", (_name, window, windowStart, resetAt, windowSeconds) => {
    const [charge] = chargesOf(evaluate(oneLimit(window), { tool: "t" }, context()));
    expect(charge).toMatchObject({ windowStart, resetAt, windowSeconds, max: 3, counter: "c", ruleId: "/tools/t/limits/0" });
  });
});

describe("the counter key names organization, scope, scope id, counter, window and its start", () => {
  test.each([
    ["grant", "grt_1", "org:org_1|grant:grt_1|c|60s|2026-11-25T12:34:00.000Z"],
    ["server", "srv_1", "org:org_1|server:srv_1|c|60s|2026-11-25T12:34:00.000Z"],
    ["organization", "org_1", "org:org_1|organization:org_1|c|60s|2026-11-25T12:34:00.000Z"],
  ])("scope %s", (scope, scopeId, counterKey) => {
    const [charge] = chargesOf(evaluate(oneLimit("minute", scope), { tool: "t" }, context()));
    expect(charge).toMatchObject({ scope, scopeId, counterKey });
  });

  test("two grants count apart; the next window is a new key", () => {
    const policy = oneLimit("minute");
    const key = (overrides: object) => chargesOf(evaluate(policy, { tool: "t" }, context(overrides)))[0]!.counterKey;
    expect(key({ grantId: "grt_2" })).not.toBe(key({}));
    expect(key({ now: T0 + 60_000 })).not.toBe(key({}));
    expect(key({ now: T0 + 1_000 })).toBe(key({}));
  });
});

describe("shared counters and all_tools", () => {
  const policy = compile({
    version: "1",
    default: "allow",
    tools: {
      set_run_tag: { limits: [{ counter: "tags", window: "minute", max: 10 }] },
      set_experiment_tag: { limits: [{ counter: "tags", window: "minute", max: 20 }, { counter: "daily", window: "day", max: 100 }] },
      delete_run: { action: "deny" },
    },
    all_tools: { limits: [{ counter: "tags", window: "minute", max: 5 }, { counter: "all", window: "hour", max: 1000, scope: "organization" }] },
  });
  const summary = (tool: string) =>
    chargesOf(evaluate(policy, { tool }, context())).map((c) => `${c.counter}/${c.windowSeconds}s/max ${c.max} by ${c.ruleId}`);

  test.each([
    ["a tool's limit and all_tools share one count; the smaller max decides", "set_run_tag", ["tags/60s/max 5 by /all_tools/limits/0", "all/3600s/max 1000 by /all_tools/limits/1"]],
    ["each distinct count is charged once", "set_experiment_tag", ["tags/60s/max 5 by /all_tools/limits/0", "daily/86400s/max 100 by /tools/set_experiment_tag/limits/1", "all/3600s/max 1000 by /all_tools/limits/1"]],
    ["all_tools limits apply to tools the policy does not name", "get_run", ["tags/60s/max 5 by /all_tools/limits/0", "all/3600s/max 1000 by /all_tools/limits/1"]],
    ["a refused call takes nothing", "delete_run", []],
  ])("%s", (_name, tool, expected) => {
    expect(summary(tool)).toEqual(expected);
  });

  test("two tools that share a counter name the same key", () => {
    const key = (tool: string) => chargesOf(evaluate(policy, { tool }, context()))[0]!.counterKey;
    expect(key("set_run_tag")).toBe(key("set_experiment_tag"));
  });

  test("an approval carries the charges to take when the call goes ahead", () => {
    const approval = compile({ version: "1", default: "deny", tools: { t: { action: "require_approval", limits: [{ counter: "c", window: "hour", max: 2 }] } } });
    expect(chargesOf(evaluate(approval, { tool: "t" }, context()))).toHaveLength(1);
  });
});
