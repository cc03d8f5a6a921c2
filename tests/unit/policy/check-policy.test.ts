import { describe, expect, test } from "vitest";
import { checkPolicy, parsePolicy, type PolicyDocument, type PolicyWarning } from "@/lib/policy";
import { MLFLOW_CATALOG } from "../risk/mlflow-catalog";
import { SEED_POLICY } from "./helpers";

function parsed(document: unknown): PolicyDocument {
  const result = parsePolicy(document);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.policy;
}
const withTools = (tools: Record<string, unknown>, extra: Record<string, unknown> = {}) => parsed({ version: "1", default: "deny", tools, ...extra });
const check = (document: PolicyDocument) => checkPolicy(document, MLFLOW_CATALOG);

describe("checkPolicy finds what parses but does not do what was meant", () => {
  test.each<[string, PolicyDocument, Omit<PolicyWarning, "message"> & { message: RegExp }]>([
    ["a misspelt tool, with the closest name", withTools({ set_experment_tag: {} }), { pointer: "/tools/set_experment_tag", code: "unknown_tool", message: /no tool "set_experment_tag"; did you mean "set_experiment_tag"\?/ }],
    ["a pattern that matches nothing", withTools({ "remove_*": { action: "hide" } }), { pointer: "/tools/remove_*", code: "pattern_matches_nothing", message: /matches none of this server's tools/ }],
    ["a condition on an argument the tool lacks", withTools({ set_experiment_tag: { when: [{ arg: "experimentid", op: "eq", value: "1" }] } }), { pointer: "/tools/set_experiment_tag/when/0/arg", code: "unknown_argument", message: /no argument "experimentid", so calls to it are always refused; did you mean "experiment_id"\?/ }],
    ["a deny_if on an argument the tool lacks", withTools({ delete_run: { deny_if: [{ arg: "experiment_id", op: "eq", value: "1" }] } }), { pointer: "/tools/delete_run/deny_if/0/arg", code: "unknown_argument", message: /never denies calls to it/ }],
    ["gt on a string", withTools({ get_run: { when: [{ arg: "run_id", op: "gt", value: 3 }] } }), { pointer: "/tools/get_run/when/0/op", code: "op_type_mismatch", message: /"gt" compares numbers, but "run_id" is a string \(in get_run\)/ }],
    ["regex on a list", withTools({ compare_runs: { when: [{ arg: "run_ids", op: "regex", value: "^r" }] } }), { pointer: "/tools/compare_runs/when/0/op", code: "op_type_mismatch", message: /"regex" matches text, but "run_ids" is a list/ }],
    ["in on a list", withTools({ compare_runs: { deny_if: [{ arg: "run_ids", op: "in", value: ["r1"] }] } }), { pointer: "/tools/compare_runs/deny_if/0/op", code: "op_type_mismatch", message: /use "contains"/ }],
    ["contains on a boolean", withTools({ get_best_run: { when: [{ arg: "ascending", op: "contains", value: "t" }] } }), { pointer: "/tools/get_best_run/when/0/op", code: "op_type_mismatch", message: /"contains" looks inside text or lists, but "ascending" is true\/false/ }],
    ["a negative when on an optional argument", withTools({ get_runs: { when: [{ arg: "limit", op: "neq", value: 0 }] } }), { pointer: "/tools/get_runs/when/0", code: "missing_argument_passes", message: /leaves it out passes/ }],
    ["a pattern shadowed by more specific rules", withTools({ "delete_*": {}, "delete_model_*": {}, "delete_r*": {}, delete_experiment: {} }), { pointer: "/tools/delete_*", code: "shadowed", message: /can never decide: every tool it matches is decided by a more specific rule/ }],
    ["a when that a deny_if repeats", withTools({ set_run_tag: { when: [{ arg: "key", op: "eq", value: "a" }], deny_if: [{ arg: "key", op: "eq", value: "a" }] } }), { pointer: "/tools/set_run_tag/when/0", code: "shadowed", message: /every call it admits is denied/ }],
    ["conditions on a denied tool", withTools({ delete_run: { action: "deny", when: [{ arg: "run_id", op: "exists" }] } }), { pointer: "/tools/delete_run/when", code: "never_applies", message: /denied before conditions are checked/ }],
    ["limits on a hidden tool", withTools({ delete_run: { action: "hide", limits: [{ counter: "c", window: 60, max: 1 }] } }), { pointer: "/tools/delete_run/limits", code: "never_applies", message: /hidden before limits are counted/ }],
    ["a reason on a hidden tool", withTools({ delete_run: { action: "hide", reason: "No." } }), { pointer: "/tools/delete_run/reason", code: "never_applies", message: /answered as unknown/ }],
    ["a default that a * pattern overrides", withTools({ "*": {} }), { pointer: "/default", code: "never_applies", message: /"\*" decides every tool/ }],
    ["max 0", withTools({ set_run_tag: { limits: [{ counter: "c", window: "minute", max: 0 }] } }), { pointer: "/tools/set_run_tag/limits/0/max", code: "max_zero", message: /refuses every call/ }],
    [
      "a counter shared with different windows",
      withTools({ set_run_tag: { limits: [{ counter: "tags", window: "minute", max: 5 }] } }, { all_tools: { limits: [{ counter: "tags", window: 3600, max: 50 }] } }),
      { pointer: "/all_tools/limits/0/window", code: "counter_window_mismatch", message: /also used by \/tools\/set_run_tag\/limits\/0 with a window of 60 seconds, not 3600 seconds/ },
    ],
    [
      "a counter shared with different scopes",
      withTools({ set_run_tag: { limits: [{ counter: "tags", window: 60, max: 5 }] }, set_experiment_tag: { limits: [{ counter: "tags", window: 60, max: 5, scope: "server" }] } }),
      { pointer: "/tools/set_experiment_tag/limits/0/scope", code: "counter_scope_mismatch", message: /with scope "grant"/ },
    ],
  ])("%s", (_name, document, expected) => {
    const warnings = check(document);
    expect(warnings).toContainEqual({ ...expected, message: expect.stringMatching(expected.message) });
  });

  test.each<[string, PolicyDocument]>([
    ["the seed policy", parsed(SEED_POLICY)],
    ["conditions that fit the schemas", withTools({
      set_experiment_tag: { when: [{ arg: "experiment_id", op: "in", value: ["1"] }], deny_if: [{ arg: "key", op: "regex", value: "^mlflow\\." }] },
      search_runs_by_tags: { deny_if: [{ arg: "tags.env", op: "eq", value: "prod" }] },
      get_runs: { when: [{ arg: "limit", op: "lte", value: 50 }] },
      compare_runs: { deny_if: [{ arg: "run_ids", op: "contains", value: "r0" }] },
    })],
    ["patterns that each decide something", withTools({ "get_*": {}, "get_run*": { limits: [{ counter: "runs", window: "minute", max: 5 }] }, "delete_*": { action: "hide" } })],
  ])("no warnings for %s", (_name, document) => {
    expect(check(document)).toEqual([]);
  });

  test("a tool without an input schema is not second-guessed", () => {
    const document = withTools({ mystery: { when: [{ arg: "x", op: "gt", value: 1 }] } });
    expect(checkPolicy(document, [{ name: "mystery" }])).toEqual([]);
  });
});
