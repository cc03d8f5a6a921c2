// The builder's pure parts: draft edits keep a hand-written key order, JSON positions map
// pointers to lines, and condition values are typed from what a person types.
import { describe, expect, test } from "vitest";
import { formatValue, opsFor, parseValue, valueKind } from "@/components/policies/condition-ops";
import { counterFor, newLimit, updateEntry, withAction, withDefault, withEntry, withLimits } from "@/components/policies/draft-model";
import { lineOf, pointerLines, syntaxErrorAt } from "@/components/policies/json-lines";
import { argsOf } from "@/components/policies/schema-args";
import { startDocument } from "@/components/policies/start-points";
import type { BuilderTool } from "@/components/policies/types";

const seed = {
  version: "1",
  default: "deny",
  tools: { set_experiment_tag: { limits: [{ counter: "set_experiment_tag_rate", window: "minute", max: 30, scope: "grant" }] } },
};

describe("draft edits", () => {
  test("allow + a limit, built step by step, serialise exactly as the seed", () => {
    let draft = withEntry({ version: "1", default: "deny" }, "set_experiment_tag", withAction({}, "allow"));
    draft = updateEntry(draft, "set_experiment_tag", (entry) => withLimits(entry, [{ ...newLimit(counterFor("set_experiment_tag")), max: 30 }]));
    expect(JSON.stringify(draft)).toBe(JSON.stringify(seed));
  });

  test("removing the last rule removes `tools`; the default keeps its place", () => {
    const draft = withEntry(seed, "set_experiment_tag", undefined);
    expect(draft).toEqual({ version: "1", default: "deny" });
    expect(Object.keys(withDefault({ tools: {}, version: "1" }, "allow"))).toEqual(["version", "default", "tools"]);
  });

  test.each([
    ["deny drops limits and conditions", "deny", { limits: [newLimit("c")], when: [{}] }, { action: "deny" }],
    ["hide drops the reason too", "hide", { reason: "r", limits: [newLimit("c")] }, { action: "hide" }],
    ["approval gets a 10 minute timeout", "require_approval", {}, { action: "require_approval", approval: { timeout: "10m" } }],
    ["allow is written by leaving the action out", "allow", { action: "deny", reason: "r" }, { reason: "r" }],
  ])("%s", (_name, action, entry, expected) => {
    expect(JSON.parse(JSON.stringify(withAction(entry, action)))).toEqual(expected);
  });

  test.each([
    ["set_experiment_tag", "set_experiment_tag_rate"],
    ["delete_*", "delete_rate"],
    ["*", "calls_rate"],
    ["a/b", "a_b_rate"],
    ["get_run__", "get_run_rate"],
    ["a b *", "a_b_rate"],
  ])("counter for %s is %s", (key, counter) => expect(counterFor(key)).toBe(counter));

  // A key is whatever a person types or pastes. /_+$/ took seconds on these (quadratic in the
  // run of underscores); one pass takes well under the test's timeout.
  test.each([
    ["a run of underscores before a letter", `${"_".repeat(100_000)}x`, `${"_".repeat(59)}_rate`],
    ["a run of characters that become underscores", `x${" ".repeat(99_998)}y`, `x${"_".repeat(58)}_rate`],
    ["a letter before a run of underscores", `x${"_".repeat(100_000)}`, "x_rate"],
  ])("counter for a 100,000-character key: %s", { timeout: 2_000 }, (_name, key, counter) => {
    expect(counterFor(key)).toBe(counter);
  });
});

describe("JSON positions", () => {
  const text = JSON.stringify(seed, null, 2);
  test.each([
    ["", 1],
    ["/default", 3],
    ["/tools/set_experiment_tag", 5],
    ["/tools/set_experiment_tag/limits/0/max", 10],
    ["/tools/set_experiment_tag/limits/0/missing", 7], // a missing key: the object that lacks it
  ])("%s is on line %i", (pointer, line) => expect(lineOf(pointerLines(text), pointer)).toBe(line));

  test.each([
    ['{\n  "a": 1,\n}', 3],
    ["{ nope", 1],
    ['{\n\n  "a" 1 }', 3],
  ])("a syntax error in %j is on line %i", (broken, line) => {
    let error: unknown;
    try {
      JSON.parse(broken);
    } catch (e) {
      error = e;
    }
    expect(syntaxErrorAt(broken, error).line).toBe(line);
  });
});

describe("conditions from the input schema", () => {
  const args = argsOf({
    type: "object",
    properties: { experiment_id: { type: "string" }, max_results: { type: "integer" }, deep: { type: "boolean" }, tags: { type: "array", items: { type: "string" } }, maybe: { anyOf: [{ type: "number" }, { type: "null" }] } },
    required: ["experiment_id"],
  });

  test("argument types and required flags", () => {
    expect(args.map((a) => [a.name, a.type, a.required])).toEqual([
      ["experiment_id", "string", true], ["max_results", "integer", false], ["deep", "boolean", false], ["tags", "array", false], ["maybe", "number", false],
    ]);
  });

  test("only operators that fit the type are offered", () => {
    expect(opsFor("boolean")).toEqual(["eq", "neq", "exists"]);
    expect(opsFor("array")).toEqual(["contains", "exists"]);
    expect(opsFor("string")).not.toContain("lt");
    expect(opsFor("integer")).toContain("gte");
  });

  test.each([
    ["1, 2", "in", "string", ["1", "2"]],
    ["1, 2", "in", "integer", [1, 2]],
    ["10", "lt", "integer", 10],
    ["^prod-", "regex", "string", "^prod-"],
    ["false", "exists", "string", false],
    ["", "eq", "string", undefined],
  ] as const)("%j with %s on a %s is %j", (text, op, type, value) => {
    expect(parseValue(text, valueKind(op, type), type)).toEqual(value);
  });

  test("a list reads back as the text a person typed", () => {
    expect(formatValue(["1", "2"], "list")).toBe("1, 2");
  });
});

describe("start points", () => {
  const tool = (name: string, cls: BuilderTool["class"], risk: BuilderTool["risk"], status: BuilderTool["status"] = "active"): BuilderTool => ({
    name, class: cls, risk, status, description: "", inputSchema: { type: "object" }, annotations: null,
  });
  const tools = [tool("get_runs", "read", "low"), tool("get_gone", "read", "low", "removed"), tool("set_tag", "write", "medium"), tool("delete_run", "delete", "high")];

  test("Deny all names nothing; Read-only allows exactly the current reads", () => {
    expect(startDocument("deny-all", tools)).toEqual({ version: "1", default: "deny" });
    expect(startDocument("read-only", tools)).toEqual({ version: "1", default: "deny", tools: { get_runs: {} } });
  });

  test("Recommended hides deletes", () => {
    const doc = startDocument("recommended", tools) as { tools: Record<string, { action?: string }> };
    expect(doc.tools.delete_run).toEqual({ action: "hide" });
    expect(doc.tools.get_gone).toBeUndefined();
  });
});
