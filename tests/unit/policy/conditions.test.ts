import { describe, expect, test } from "vitest";
import { evaluate } from "@/lib/policy";
import { compile, context } from "./helpers";

/** Whether a `when` with this condition admits a call with these arguments. */
function admits(condition: Record<string, unknown>, args: Record<string, unknown>): boolean {
  const policy = compile({ version: "1", default: "deny", tools: { t: { when: [condition] } } });
  return evaluate(policy, { tool: "t", args }, context()).kind === "allow";
}

const cond = (arg: string, op: string, value?: unknown) => (value === undefined ? { arg, op } : { arg, op, value });

describe("condition ops", () => {
  test.each<[string, Record<string, unknown>, Record<string, unknown>, boolean]>([
    ["eq: same string", cond("env", "eq", "dev"), { env: "dev" }, true],
    ["eq: other string", cond("env", "eq", "dev"), { env: "prod" }, false],
    ["eq: a number matches its quoted form", cond("experiment_id", "eq", 42), { experiment_id: "42" }, true],
    ["eq: a quoted number matches the number", cond("experiment_id", "eq", "42"), { experiment_id: 42 }, true],
    ["eq: true matches \"true\"", cond("archive", "eq", true), { archive: "true" }, true],
    ["eq: null", cond("stage", "eq", null), { stage: null }, true],
    ["eq: objects compare by content, whatever the key order", cond("o", "eq", { a: 1, b: [2] }), { o: { b: [2], a: 1 } }, true],
    ["eq: a missing argument is not equal", cond("env", "eq", "dev"), {}, false],
    ["neq: other value", cond("env", "neq", "prod"), { env: "dev" }, true],
    ["neq: same value", cond("env", "neq", "prod"), { env: "prod" }, false],
    ["neq: a missing argument is not equal", cond("env", "neq", "prod"), {}, true],
    ["in: listed", cond("experiment_id", "in", ["1", "2"]), { experiment_id: "2" }, true],
    ["in: listed as a number", cond("experiment_id", "in", ["1", "2"]), { experiment_id: 2 }, true],
    ["in: not listed", cond("experiment_id", "in", ["1", "2"]), { experiment_id: "3" }, false],
    ["in: missing", cond("experiment_id", "in", ["1", "2"]), {}, false],
    ["not_in: not listed", cond("stage", "not_in", ["Production"]), { stage: "Staging" }, true],
    ["not_in: listed", cond("stage", "not_in", ["Production"]), { stage: "Production" }, false],
    ["not_in: missing", cond("stage", "not_in", ["Production"]), {}, true],
    ["lt: below", cond("limit", "lt", 100), { limit: 99 }, true],
    ["lt: equal", cond("limit", "lt", 100), { limit: 100 }, false],
    ["lte: equal", cond("limit", "lte", 100), { limit: 100 }, true],
    ["gt: above", cond("limit", "gt", 10), { limit: 11 }, true],
    ["gt: a numeric string counts as its number", cond("limit", "gt", 10), { limit: "11" }, true],
    ["gt: text is no number", cond("limit", "gt", 10), { limit: "many" }, false],
    ["gte: equal", cond("limit", "gte", 10), { limit: 10 }, true],
    ["gte: missing", cond("limit", "gte", 10), {}, false],
    ["regex: matches anywhere unless anchored", cond("key", "regex", "team"), { key: "my.team.tag" }, true],
    ["regex: anchored miss", cond("key", "regex", "^team\\."), { key: "my.team.tag" }, false],
    ["regex: a number is matched as text", cond("version", "regex", "^\\d+$"), { version: 12 }, true],
    ["regex: an object never matches", cond("key", "regex", "."), { key: { a: 1 } }, false],
    ["contains: substring", cond("query", "contains", "metrics.auc"), { query: "metrics.auc > 0.9" }, true],
    ["contains: list element", cond("run_ids", "contains", "r1"), { run_ids: ["r0", "r1"] }, true],
    ["contains: list without it", cond("run_ids", "contains", "r9"), { run_ids: ["r0", "r1"] }, false],
    ["contains: number in a list of quoted numbers", cond("ids", "contains", 7), { ids: ["7"] }, true],
    ["exists: present", cond("path", "exists"), { path: "" }, true],
    ["exists: absent", cond("path", "exists"), {}, false],
    ["exists: null counts as absent", cond("path", "exists"), { path: null }, false],
    ["exists false: absent", cond("path", "exists", false), {}, true],
    ["exists false: present", cond("path", "exists", false), { path: "a" }, false],
  ])("%s", (_name, condition, args, expected) => {
    expect(admits(condition, args)).toBe(expected);
  });
});

describe("argument paths", () => {
  test.each<[string, string, Record<string, unknown>, boolean]>([
    ["nested object", "tags.env", { tags: { env: "prod" } }, true],
    ["a key that holds dots", "tags.mlflow.env", { tags: { "mlflow.env": "prod" } }, true],
    ["deeper nesting", "a.b.c", { a: { b: { c: "prod" } } }, true],
    ["list index", "stages.1", { stages: ["dev", "prod"] }, true],
    ["missing middle", "tags.env", { tags: "prod" }, false],
    ["no reaching into prototypes", "tags.constructor.name", { tags: {} }, false],
  ])("%s: %s", (_name, arg, args, expected) => {
    expect(admits({ arg, op: "eq", value: "prod" }, args)).toBe(expected);
  });

  test("an inherited key is not an argument", () => {
    expect(admits({ arg: "toString", op: "exists" }, {})).toBe(false);
  });
});
