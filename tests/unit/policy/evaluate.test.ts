import { describe, expect, test } from "vitest";
import { evaluate, type Decision } from "@/lib/policy";
import { compile, context, T0 } from "./helpers";

const brief = (d: Decision) => ({ kind: d.kind, ruleId: d.ruleId });

describe("precedence: exact name, then longer pattern, then shorter, then default", () => {
  const policy = compile({
    version: "1",
    default: "deny",
    tools: {
      set_experiment_tag: {},
      "set_*": { action: "deny", reason: "No writes." },
      "set_*_tag": { action: "require_approval" },
      "*_tag": { action: "hide" },
      "get_*": {},
      "*_run": { action: "deny" },
      "list_?": {},
    },
  });
  test.each([
    ["exact name beats every pattern", "set_experiment_tag", "allow", "/tools/set_experiment_tag"],
    ["longer pattern beats shorter", "set_run_tag", "approve", "/tools/set_*_tag"],
    ["the only matching pattern", "set_model_alias", "deny", "/tools/set_*"],
    ["a hiding pattern", "get_experiment_tag", "hide", "/tools/*_tag"],
    ["equal length: more literal characters, then name order", "get_run", "deny", "/tools/*_run"],
    ["? matches exactly one character", "list_a", "allow", "/tools/list_?"],
    ["? does not match two", "list_ab", "hide", "/default"],
    ["no rule and default deny: unknown", "health", "hide", "/default"],
  ])("%s (%s)", (_name, tool, kind, ruleId) => {
    expect(brief(evaluate(policy, { tool, args: {} }, context()))).toEqual({ kind, ruleId });
  });

  test("default allow admits an unnamed tool", () => {
    const decision = evaluate(compile({ version: "1", default: "allow" }), { tool: "anything" }, context());
    expect(decision).toMatchObject({ kind: "allow", ruleId: "/default", charges: [] });
    expect(decision.explanation).toMatch(/default is allow/);
  });
});

describe("actions", () => {
  const policy = compile({
    version: "1",
    default: "allow",
    tools: {
      delete_run: { action: "hide", reason: "never shown" },
      delete_experiment: { action: "deny", reason: "Experiments are deleted by people." },
      delete_model_version: { action: "deny" },
      transition_model_version_stage: { action: "require_approval", approval: { timeout: "5m" } },
      set_model_alias: { action: "require_approval", approval: { timeout: 90, mode: "retry" } },
      copy_model_version: { action: "require_approval" },
      rename_registered_model: { action: "require_approval", approval: { timeout: "5m", allow_identical_for: "1h" } },
    },
  });
  test.each<[string, string, Partial<Decision>]>([
    ["hide answers as an unknown tool", "delete_run", { kind: "hide", reason: 'Unknown tool: "delete_run"', ruleId: "/tools/delete_run" }],
    ["deny gives the rule's reason", "delete_experiment", { kind: "deny", reason: "Experiments are deleted by people.", ruleId: "/tools/delete_experiment" }],
    ["deny without a reason says it is policy", "delete_model_version", { kind: "deny", reason: "This tool is denied by policy." }],
    ["approval timeout as a duration", "transition_model_version_stage", { kind: "approve", timeoutSeconds: 300 }],
    ["approval timeout in seconds, and its mode", "set_model_alias", { kind: "approve", timeoutSeconds: 90, mode: "retry" }],
    ["approval timeout defaults to ten minutes, mode to auto", "copy_model_version", { kind: "approve", timeoutSeconds: 600, mode: "auto", ruleId: "/tools/copy_model_version", allowIdenticalSeconds: 0 }],
    ["identical calls may be allowed for an hour, and the explanation says so", "rename_registered_model", {
      kind: "approve", allowIdenticalSeconds: 3600, explanation: "Needs approval by /tools/rename_registered_model within 300 s; the approver may allow identical calls for up to 3600 s",
    }],
  ])("%s", (_name, tool, expected) => {
    expect(evaluate(policy, { tool, args: {} }, context())).toMatchObject(expected);
  });
});

describe("when and deny_if", () => {
  const policy = compile({
    version: "1",
    default: "deny",
    tools: {
      set_experiment_tag: {
        when: [{ arg: "experiment_id", op: "in", value: ["1", "2"] }, { arg: "key", op: "regex", value: "^team\\." }],
        deny_if: [{ arg: "key", op: "eq", value: "team.owner" }],
      },
      set_run_tag: { reason: "Only dev runs may be tagged.", when: [{ arg: "tags.env", op: "eq", value: "dev" }] },
    },
  });
  test.each<[string, string, Record<string, unknown>, Partial<Decision>]>([
    ["all when hold: allowed", "set_experiment_tag", { experiment_id: "1", key: "team.name" }, { kind: "allow", ruleId: "/tools/set_experiment_tag" }],
    ["a when fails: denied by it", "set_experiment_tag", { experiment_id: "3", key: "team.name" }, { kind: "deny", ruleId: "/tools/set_experiment_tag/when/0" }],
    ["the second when fails", "set_experiment_tag", { experiment_id: "2", key: "owner" }, { kind: "deny", ruleId: "/tools/set_experiment_tag/when/1" }],
    ["deny_if wins over when", "set_experiment_tag", { experiment_id: "1", key: "team.owner" }, { kind: "deny", ruleId: "/tools/set_experiment_tag/deny_if/0" }],
    ["a missing argument fails a when", "set_experiment_tag", { key: "team.name" }, { kind: "deny", ruleId: "/tools/set_experiment_tag/when/0" }],
    ["the rule's reason is what the agent reads", "set_run_tag", { tags: { env: "prod" } }, { kind: "deny", reason: "Only dev runs may be tagged." }],
    ["dotted path into an object", "set_run_tag", { tags: { env: "dev" } }, { kind: "allow" }],
  ])("%s", (_name, tool, args, expected) => {
    expect(evaluate(policy, { tool, args }, context())).toMatchObject(expected);
  });

  test("a condition's explanation names the condition", () => {
    const decision = evaluate(policy, { tool: "set_experiment_tag", args: { experiment_id: "9", key: "team.x" } }, context());
    expect(decision.explanation).toBe('Denied by /tools/set_experiment_tag/when/0: the arguments do not meet a required condition (experiment_id in ["1","2"])');
  });
});

describe("arguments that are not an object are refused", () => {
  const policy = compile({ version: "1", default: "allow" });
  test.each([["a list", [1]], ["a string", "x"], ["a number", 5]])("%s", (_name, args) => {
    expect(evaluate(policy, { tool: "t", args }, context())).toMatchObject({ kind: "deny", reason: "The call's arguments must be a JSON object." });
  });
  test.each([["undefined", undefined], ["null", null]])("%s counts as no arguments", (_name, args) => {
    expect(evaluate(policy, { tool: "t", args }, context()).kind).toBe("allow");
  });
});

describe("fails closed", () => {
  const limited = compile({ version: "1", default: "allow", all_tools: { limits: [{ counter: "c", window: "minute", max: 5 }] } });
  test.each<[string, () => Decision]>([
    ["an invalid time", () => evaluate(limited, { tool: "t" }, context({ now: NaN }))],
    ["an invalid Date", () => evaluate(limited, { tool: "t" }, context({ now: new Date("nope") }))],
    ["no grant id for a grant limit", () => evaluate(limited, { tool: "t" }, context({ grantId: "" }))],
    ["no tool name", () => evaluate(limited, { args: {} } as never, context())],
    ["no call at all", () => evaluate(limited, undefined as never, context())],
  ])("%s: denied, saying evaluation failed", (_name, run) => {
    const decision = run();
    expect(decision).toMatchObject({ kind: "deny", ruleId: null, internalError: true });
    expect(decision.explanation).toMatch(/^Denied to fail closed: evaluation failed/);
  });

  test("an argument too long to match a regex is denied, not scanned", () => {
    const policy = compile({ version: "1", default: "deny", tools: { t: { deny_if: [{ arg: "q", op: "regex", value: "x$" }] } } });
    const decision = evaluate(policy, { tool: "t", args: { q: "a".repeat(70_000) } }, context());
    expect(decision).toMatchObject({ kind: "deny", ruleId: "/tools/t/deny_if/0" });
    expect(decision).not.toHaveProperty("internalError");
    expect(decision.kind === "deny" && decision.reason).toMatch(/longer than 65536 characters/);
  });
});

test("a Date and its epoch milliseconds decide alike", () => {
  const policy = compile({ version: "1", default: "allow", all_tools: { limits: [{ counter: "c", window: "hour", max: 5 }] } });
  expect(evaluate(policy, { tool: "t" }, context({ now: new Date(T0) }))).toEqual(evaluate(policy, { tool: "t" }, context({ now: T0 })));
});
