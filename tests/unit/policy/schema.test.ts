import { describe, expect, test } from "vitest";
import { parsePolicy, type PolicyDocument } from "@/lib/schemas/policy";

const SEED = {
  version: "1",
  default: "deny",
  tools: {
    set_experiment_tag: { limits: [{ counter: "set_experiment_tag_rate", window: "minute", max: 30, scope: "grant" }] },
  },
};
const base = { version: "1", default: "deny" };
const tool = (entry: unknown) => ({ ...base, tools: { set_experiment_tag: entry } });
const limit = (fields: Record<string, unknown>) => tool({ limits: [{ counter: "c", window: "minute", max: 1, ...fields }] });
const when = (condition: unknown) => tool({ when: [condition] });

describe("parsePolicy accepts", () => {
  test.each<[string, unknown]>([
    ["the seed policy, unchanged", SEED],
    ["a window in seconds", limit({ window: 60 })],
    ['"action": "deny" with a reason', tool({ action: "deny", reason: "Tags are set by CI only." })],
    ["hide, and a pattern key", { ...base, tools: { "delete_*": { action: "hide" } } }],
    ["require_approval with a timeout", tool({ action: "require_approval", approval: { timeout: "10m" } })],
    ["require_approval without a timeout", tool({ action: "require_approval" })],
    ["identical calls allowed for a while", tool({ action: "require_approval", approval: { timeout: "10m", allow_identical_for: "2h" } })],
    ...(["auto", "hold", "retry"] as const).map((mode) => [`approval mode "${mode}"`, tool({ action: "require_approval", approval: { timeout: "10m", mode } })] as [string, unknown]),
    ["all_tools limits with every scope", { ...base, all_tools: { limits: ["grant", "server", "organization"].map((scope, i) => ({ counter: `c${i}`, window: "day", max: 5, scope })) } }],
    ["every condition op", tool({
      when: [
        { arg: "experiment_id", op: "in", value: ["1", "2"] },
        { arg: "experiment_id", op: "not_in", value: [0] },
        { arg: "tags.env", op: "eq", value: "dev" },
        { arg: "key", op: "neq", value: null },
        { arg: "n", op: "lt", value: 1 }, { arg: "n", op: "lte", value: 1 }, { arg: "n", op: "gt", value: 1 }, { arg: "n", op: "gte", value: 1.5 },
        { arg: "key", op: "regex", value: "^[a-z_]+$" },
        { arg: "key", op: "contains", value: "x" },
        { arg: "key", op: "exists" }, { arg: "value", op: "exists", value: false },
      ],
    })],
    ["no tools at all", { version: "1", default: "allow" }],
  ])("%s", (_name, input) => {
    const result = parsePolicy(input);
    expect(result).toEqual({ ok: true, policy: input });
  });

  test("returns the document typed, unchanged in meaning", () => {
    const result = parsePolicy(SEED);
    if (!result.ok) throw new Error("seed must parse");
    const policy: PolicyDocument = result.policy;
    expect(policy.tools?.set_experiment_tag?.limits?.[0]?.max).toBe(30);
  });
});

// Each malformed document, the pointer its first error must name, and words its message must hold.
const malformed: [string, unknown, string, RegExp][] = [
  ["not an object", "policy", "", /must be a JSON object/],
  ["null", null, "", /must be a JSON object/],
  ["version as a number", { ...base, version: 1 }, "/version", /must be "1"/],
  ["version missing", { default: "deny" }, "/version", /is required/],
  ["default misspelt", { ...base, default: "denied" }, "/default", /"allow" or "deny"/],
  ["unknown top-level key", { ...base, tool: {} }, "/tool", /did you mean "tools"/],
  ["tools as a list", { ...base, tools: [] }, "/tools", /must be an object mapping/],
  ["tool key with a space", { ...base, tools: { "get run": {} } }, "/tools/get run", /not a valid tool name/],
  ["tool key with a slash is escaped", { ...base, tools: { "a/b": { action: "block" } } }, "/tools/a~1b/action", /"allow", "deny", "hide" or "require_approval"/],
  ["tool entry as a string", tool("allow"), "/tools/set_experiment_tag", /must be an object/],
  ["misspelt entry key", tool({ limit: [] }), "/tools/set_experiment_tag/limit", /did you mean "limits"/],
  ["empty reason", tool({ action: "deny", reason: "" }), "/tools/set_experiment_tag/reason", /must not be empty/],
  ["limits not a list", tool({ limits: { max: 1 } }), "/tools/set_experiment_tag/limits", /a list of limits/],
  ["fractional max", limit({ max: 1.5 }), "/tools/set_experiment_tag/limits/0/max", /must be a whole number ≥ 0/],
  ["negative max", limit({ max: -1 }), "/tools/set_experiment_tag/limits/0/max", /must be a whole number ≥ 0/],
  ["max as text", limit({ max: "30" }), "/tools/set_experiment_tag/limits/0/max", /must be a whole number ≥ 0/],
  ["missing max", tool({ limits: [{ counter: "c", window: "minute" }] }), "/tools/set_experiment_tag/limits/0/max", /is required/],
  ["unknown window name", limit({ window: "week" }), "/tools/set_experiment_tag/limits/0/window", /"second", "minute", "hour", "day", or a whole number of seconds/],
  ["zero-second window", limit({ window: 0 }), "/tools/set_experiment_tag/limits/0/window", /whole number of seconds from 1/],
  ["unknown scope", limit({ scope: "user" }), "/tools/set_experiment_tag/limits/0/scope", /"grant", "server" or "organization"/],
  ["counter with spaces", limit({ counter: "my counter" }), "/tools/set_experiment_tag/limits/0/counter", /counter name/],
  ["misspelt limit key", limit({ windw: 5 }), "/tools/set_experiment_tag/limits/0/windw", /did you mean "window"/],
  ["unknown op", when({ arg: "key", op: "like", value: "x" }), "/tools/set_experiment_tag/when/0/op", /one of "eq"/],
  ["in without a list", when({ arg: "key", op: "in", value: "x" }), "/tools/set_experiment_tag/when/0/value", /list of 1 to 1000 values/],
  ["eq without a value", when({ arg: "key", op: "eq" }), "/tools/set_experiment_tag/when/0/value", /is required for op "eq"/],
  ["gt with text", when({ arg: "n", op: "gt", value: "5" }), "/tools/set_experiment_tag/when/0/value", /must be a number/],
  ["catastrophic regex", when({ arg: "key", op: "regex", value: "(a+)+$" }), "/tools/set_experiment_tag/when/0/value", /repeats a group that itself repeats/],
  ["regex backreference", when({ arg: "key", op: "regex", value: "(a)\\1" }), "/tools/set_experiment_tag/when/0/value", /backreference/],
  ["regex too long", when({ arg: "key", op: "regex", value: "a".repeat(300) }), "/tools/set_experiment_tag/when/0/value", /limit is 256/],
  ["regex that does not compile", when({ arg: "key", op: "regex", value: "([a-z]" }), "/tools/set_experiment_tag/when/0/value", /never closed/],
  ["arg path with an empty segment", tool({ deny_if: [{ arg: "tags..env", op: "exists" }] }), "/tools/set_experiment_tag/deny_if/0/arg", /argument path/],
  ["exists with a text value", tool({ deny_if: [{ arg: "k", op: "exists", value: "yes" }] }), "/tools/set_experiment_tag/deny_if/0/value", /true or false/],
  ["approval without require_approval", tool({ approval: { timeout: "10m" } }), "/tools/set_experiment_tag/approval", /only applies when "action" is "require_approval"/],
  ["approval timeout in words", tool({ action: "require_approval", approval: { timeout: "ten minutes" } }), "/tools/set_experiment_tag/approval/timeout", /a duration such as "30s"/],
  ["approval mode misspelt", tool({ action: "require_approval", approval: { timeout: "10m", mode: "wait" } }), "/tools/set_experiment_tag/approval/mode", /"auto", "hold" or "retry"/],
  ["approval mode without a timeout", tool({ action: "require_approval", approval: { mode: "retry" } }), "/tools/set_experiment_tag/approval/timeout", /is required: a duration/],
  ["allow_identical_for beyond 7 days", tool({ action: "require_approval", approval: { timeout: "10m", allow_identical_for: "8d" } }), "/tools/set_experiment_tag/approval/allow_identical_for", /at most 7 days/],
  ["allow_identical_for not a duration", tool({ action: "require_approval", approval: { timeout: "10m", allow_identical_for: "forever" } }), "/tools/set_experiment_tag/approval/allow_identical_for", /a duration such as/],
  ["approval with an unknown key", tool({ action: "require_approval", approval: { timeout: "10m", retry: true } }), "/tools/set_experiment_tag/approval/retry", /./],
  ["approval timeout over 7 days", tool({ action: "require_approval", approval: { timeout: "8d" } }), "/tools/set_experiment_tag/approval/timeout", /at most 7 days/],
  ["all_tools without limits", { ...base, all_tools: {} }, "/all_tools/limits", /is required/],
  ["all_tools limit missing a counter", { ...base, all_tools: { limits: [{ window: "day", max: 3 }] } }, "/all_tools/limits/0/counter", /is required: a counter name/],
  ["a __proto__ tool key", JSON.parse('{"version":"1","default":"allow","tools":{"__proto__":{"action":"deny"}}}'), "/tools/__proto__", /reserves/],
];

describe("parsePolicy refuses malformed documents, naming the pointer", () => {
  test(`covers at least 20 documents (${malformed.length})`, () => expect(malformed.length).toBeGreaterThanOrEqual(20));

  test.each(malformed)("%s", (_name, input, pointer, message) => {
    const result = parsePolicy(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toEqual({ pointer, message: expect.stringMatching(message) });
  });

  test("reports every error, not just the first", () => {
    const result = parsePolicy({ ...base, default: "x", tools: { a: { limits: [{ counter: "c", window: "week", max: -1 }] } } });
    expect(result.ok ? [] : result.errors.map((e) => e.pointer)).toEqual(["/default", "/tools/a/limits/0/window", "/tools/a/limits/0/max"]);
  });

  test("reads as a sentence after its pointer", () => {
    const result = parsePolicy(limit({ max: 2.5 }));
    const first = result.ok ? null : result.errors[0]!;
    expect(`${first?.pointer}: ${first?.message}`).toBe("/tools/set_experiment_tag/limits/0/max: must be a whole number ≥ 0");
  });
});
