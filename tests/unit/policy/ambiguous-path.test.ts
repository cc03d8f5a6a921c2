import { describe, expect, test } from "vitest";
import { evaluate, type Decision } from "@/lib/policy";
import { readArgument, AmbiguousPathError } from "@/lib/policy/argument-path";
import { compile, context } from "./helpers";

const AMBIGUOUS = { tags: { env: "prod" }, "tags.env": "dev" };

describe("readArgument", () => {
  test.each<[string, string, Record<string, unknown>, unknown]>([
    ["nested only", "tags.env", { tags: { env: "prod" } }, "prod"],
    ["dotted key only", "tags.env", { "tags.env": "dev" }, "dev"],
    ["a dotted key inside an object", "tags.mlflow.runName", { tags: { "mlflow.runName": "r" } }, "r"],
    ["a sibling that does not begin the path", "tags.env", { tags: { env: "prod" }, "tags.envx": "dev", tag: 1 }, "prod"],
    ["absent", "tags.env", { other: 1 }, undefined],
  ])("%s", (_name, path, args, expected) => {
    expect(readArgument(args, path.split("."))).toEqual(expected);
  });

  test.each<[string, string, Record<string, unknown>, string]>([
    ["the issue's example", "tags.env", AMBIGUOUS, 'both "tags.env" and "tags"'],
    ["the nested side leads nowhere", "tags.env", { tags: {}, "tags.env": "dev" }, 'both "tags.env" and "tags"'],
    ["the nested side is not an object", "tags.env", { tags: "x", "tags.env": "dev" }, 'both "tags.env" and "tags"'],
    ["three readings", "a.b.c", { a: { b: { c: 1 } }, "a.b": { c: 2 }, "a.b.c": 3 }, 'both "a.b.c" and "a.b"'],
    ["deeper down", "x.a.b", { x: { a: { b: 1 }, "a.b": 2 } }, 'both "a.b" and "a" inside "x"'],
    ["list index against a dotted key", "stages.1", { stages: ["dev", "prod"], "stages.1": "dev" }, 'both "stages.1" and "stages"'],
  ])("%s: refused", (_name, path, args, keys) => {
    expect(() => readArgument(args, path.split("."))).toThrow(AmbiguousPathError);
    expect(() => readArgument(args, path.split("."))).toThrow(keys);
  });
});

/** Every op, as a `when` and as a `deny_if`, in the form that an ambiguous reading could slip past. */
const CONDITIONS: [string, Record<string, unknown>][] = [
  ["eq prod", { arg: "tags.env", op: "eq", value: "prod" }],
  ["eq dev", { arg: "tags.env", op: "eq", value: "dev" }],
  ["neq prod", { arg: "tags.env", op: "neq", value: "prod" }],
  ["in", { arg: "tags.env", op: "in", value: ["dev"] }],
  ["not_in", { arg: "tags.env", op: "not_in", value: ["prod"] }],
  ["regex", { arg: "tags.env", op: "regex", value: "^d" }],
  ["contains", { arg: "tags.env", op: "contains", value: "e" }],
  ["exists", { arg: "tags.env", op: "exists" }],
  ["exists false", { arg: "tags.env", op: "exists", value: false }],
];

function decide(kind: "when" | "deny_if", condition: Record<string, unknown>, args: Record<string, unknown>): Decision {
  const policy = compile({ version: "1", default: "deny", tools: { t: { [kind]: [condition] } } });
  return evaluate(policy, { tool: "t", args }, context());
}

describe.each(["when", "deny_if"] as const)("an ambiguous path in %s", (kind) => {
  test.each(CONDITIONS)("%s: denied, naming the path and the rule", (_name, condition) => {
    const decision = decide(kind, condition, AMBIGUOUS);
    expect(decision).toMatchObject({ kind: "deny", ruleId: `/tools/t/${kind}/0` });
    expect(decision.kind === "deny" && decision.reason).toMatch(/argument "tags\.env" is ambiguous.*refused rather than guessed/);
    expect(decision.explanation).toContain(`/tools/t/${kind}/0`);
  });

  test("the same condition still decides an unambiguous call", () => {
    const condition = { arg: "tags.env", op: "eq", value: "prod" };
    expect(decide(kind, condition, { tags: { env: "prod" } }).kind).toBe(kind === "when" ? "allow" : "deny");
    expect(decide(kind, condition, { tags: { env: "dev" } }).kind).toBe(kind === "when" ? "deny" : "allow");
  });
});

test("a deny_if before a when that would hold: the ambiguous path still denies", () => {
  const policy = compile({
    version: "1",
    default: "deny",
    tools: { t: { when: [{ arg: "name", op: "exists" }], deny_if: [{ arg: "tags.env", op: "eq", value: "prod" }] } },
  });
  const decision = evaluate(policy, { tool: "t", args: { name: "n", ...AMBIGUOUS } }, context());
  expect(decision).toMatchObject({ kind: "deny", ruleId: "/tools/t/deny_if/0" });
});
