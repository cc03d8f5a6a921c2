// The static checks of the resources and prompts sections, against the MLflow stand-in's four
// prompts and a small server's resources and templates when they are known.
import { describe, expect, test } from "vitest";
import { checkPolicy, parsePolicy, type PolicyDocument, type PolicyWarning } from "@/lib/policy";
import { MLFLOW_CATALOG } from "../risk/mlflow-catalog";

const PROMPTS = ["compare_runs_by_ids", "find_best_run", "promote_best_model", "audit_mlflow_setup"];
const RESOURCES = ["memo://current", "memo://notes/{id}"];

function parsed(document: Record<string, unknown>): PolicyDocument {
  const result = parsePolicy({ version: "1", default: "deny", ...document });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.policy;
}
const check = (document: Record<string, unknown>) => checkPolicy(parsed(document), MLFLOW_CATALOG, { prompts: PROMPTS, resources: RESOURCES });

describe("checkPolicy reads the resources and prompts sections", () => {
  test.each<[string, Record<string, unknown>, Omit<PolicyWarning, "message"> & { message: RegExp }]>([
    ["a misspelt prompt, with the closest name", { prompts: { names: { find_bset_run: {} } } }, { pointer: "/prompts/names/find_bset_run", code: "unknown_prompt", message: /no prompt "find_bset_run"; did you mean "find_best_run"\?/ }],
    ["a prompt pattern that matches nothing", { prompts: { names: { "delete_*": { action: "hide" } } } }, { pointer: "/prompts/names/delete_*", code: "pattern_matches_nothing", message: /matches none of this server's prompts/ }],
    ["a resource pattern that matches nothing", { resources: { uris: { "mlflow://*": {} } } }, { pointer: "/resources/uris/mlflow:~1~1*", code: "pattern_matches_nothing", message: /none of this server's resources or resource templates/ }],
    ["a URI no resource or template makes", { resources: { uris: { "memo://archive": {} } } }, { pointer: "/resources/uris/memo:~1~1archive", code: "unknown_resource", message: /lists no resource "memo:\/\/archive"/ }],
    ["limits on a denied resource", { resources: { uris: { "memo://current": { action: "deny", limits: [{ counter: "c", window: 60, max: 1 }] } } } }, { pointer: "/resources/uris/memo:~1~1current/limits", code: "never_applies", message: /resource is denied before limits are counted/ }],
    ["a reason on a hidden prompt", { prompts: { names: { find_best_run: { action: "hide", reason: "No." } } } }, { pointer: "/prompts/names/find_best_run/reason", code: "never_applies", message: /hidden prompt is answered as unknown/ }],
    ["a section default that * overrides", { resources: { default: "allow", uris: { "*": { action: "deny" } } } }, { pointer: "/resources/default", code: "never_applies", message: /"\*" decides every resource/ }],
    ["a max of 0 on a prompt", { prompts: { names: { find_best_run: { limits: [{ counter: "c", window: 60, max: 0 }] } } } }, { pointer: "/prompts/names/find_best_run/limits/0/max", code: "max_zero", message: /refuses every call/ }],
    ["a counter a tool uses with another window", { tools: { get_run: { limits: [{ counter: "reads", window: 60, max: 5 }] } }, resources: { uris: { "memo://current": { limits: [{ counter: "reads", window: 3600, max: 5 }] } } } }, { pointer: "/resources/uris/memo:~1~1current/limits/0/window", code: "counter_window_mismatch", message: /also used by \/tools\/get_run\/limits\/0/ }],
  ])("%s", (_name, document, expected) => {
    expect(check(document)).toContainEqual({ ...expected, message: expect.stringMatching(expected.message) });
  });

  test.each<[string, Record<string, unknown>]>([
    ["known prompts and a matching pattern", { prompts: { names: { find_best_run: {}, "*_setup": { action: "hide" } } } }],
    ["a listed resource, a URI a template makes, a template itself, a matching pattern", { resources: { uris: { "memo://current": {}, "memo://notes/7": {}, "memo://notes/{id}": {}, "memo://*": {} } } }],
    ["scheme and host in another case", { resources: { uris: { "MEMO://current": {} } } }],
  ])("no warning for %s", (_name, document) => {
    expect(check(document)).toEqual([]);
  });

  test("without a known list of prompts or resources, names are not checked", () => {
    expect(checkPolicy(parsed({ prompts: { names: { anything: {} } }, resources: { uris: { "x://y": {} } } }), MLFLOW_CATALOG)).toEqual([]);
  });
});
