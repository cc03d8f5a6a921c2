// The `resources` and `prompts` sections of the policy document: what parses, what is refused
// (by JSON Pointer), and that the seed's document still parses and means the same.
import { describe, expect, test } from "vitest";
import { evaluateAccess, parsePolicy } from "@/lib/policy";
import { compile, context, SEED_POLICY } from "./helpers";

const base = { version: "1", default: "deny" };
const resources = (section: unknown) => ({ ...base, resources: section });
const prompts = (section: unknown) => ({ ...base, prompts: section });
const uri = (entry: unknown) => resources({ uris: { "mlflow://experiments/*": entry } });
const prompt = (entry: unknown) => prompts({ names: { find_best_run: entry } });

describe("parsePolicy accepts resources and prompts sections", () => {
  test.each<[string, unknown]>([
    ["the seed policy, unchanged", SEED_POLICY],
    ["a section with only its own default", resources({ default: "allow" })],
    ["an empty section", prompts({})],
    ["a URI pattern allowed", uri({})],
    ["deny with a reason", uri({ action: "deny", reason: "Experiments are private." })],
    ["hide", prompt({ action: "hide" })],
    ["limits on prompts/get", prompt({ limits: [{ counter: "prompt_rate", window: "minute", max: 10 }] })],
    ["a URI with a query and a template", resources({ uris: { "memo://notes/{id}": {}, "file:///a?b=1": { action: "deny" } } })],
    ["the catch-all pattern", resources({ default: "deny", uris: { "*": { action: "hide" } } })],
    ["prompt patterns", prompts({ default: "allow", names: { "promote_*": { action: "deny" }, "find_?est_run": {} } })],
    ["both sections beside tools", { ...SEED_POLICY, resources: { uris: { "memo://current": {} } }, prompts: { names: { audit_mlflow_setup: {} } } }],
  ])("%s", (_name, input) => {
    expect(parsePolicy(input)).toEqual({ ok: true, policy: input });
  });
});

const malformed: [string, unknown, string, RegExp][] = [
  ["section as a list", resources([]), "/resources", /must be an object such as/],
  ["misspelt section key", resources({ uri: {} }), "/resources/uri", /did you mean "uris"/],
  ["prompts keyed like resources", prompts({ uris: {} }), "/prompts/uris", /expected "default", "names"/],
  ["section default misspelt", prompts({ default: "hidden" }), "/prompts/default", /"allow" or "deny"/],
  ["require_approval on a resource", uri({ action: "require_approval" }), "/resources/uris/mlflow:~1~1experiments~1*/action", /cannot be "require_approval": approval holds tool calls only; a resource can be "allow", "deny" or "hide"/],
  ["require_approval on a prompt", prompt({ action: "require_approval" }), "/prompts/names/find_best_run/action", /a prompt can be/],
  ["unknown action", prompt({ action: "block" }), "/prompts/names/find_best_run/action", /must be "allow", "deny" or "hide"/],
  ["conditions on a resource", uri({ when: [] }), "/resources/uris/mlflow:~1~1experiments~1*/when", /not a known key: expected "action", "reason", "limits"/],
  ["approval on a prompt", prompt({ approval: { timeout: "1m" } }), "/prompts/names/find_best_run/approval", /not a known key/],
  ["a misspelt limit key", prompt({ limits: [{ counter: "c", window: "minute", max: 1, scop: "grant" }] }), "/prompts/names/find_best_run/limits/0/scop", /did you mean "scope"/],
  ["a bad limit", prompt({ limits: [{ counter: "c", window: "week", max: 1 }] }), "/prompts/names/find_best_run/limits/0/window", /whole number of seconds/],
  ["a URI without a scheme", resources({ uris: { "experiments/1": {} } }), "/resources/uris/experiments~11", /not a resource URI or pattern/],
  ["a URI with a space", resources({ uris: { "file:///my file": {} } }), "/resources/uris/file:~1~1~1my file", /not a resource URI or pattern/],
  ["a URI with a control character", resources({ uris: { "file:///a\u0000b": {} } }), "/resources/uris/file:~1~1~1a\u0000b", /not a resource URI or pattern/],
  ["a prompt name with a space", prompts({ names: { "find best": {} } }), "/prompts/names/find best", /not a valid prompt name/],
  ["an empty reason", uri({ action: "deny", reason: "" }), "/resources/uris/mlflow:~1~1experiments~1*/reason", /must not be empty/],
  ["an entry as a string", prompt("allow"), "/prompts/names/find_best_run", /must be an object \(a prompt rule\)/],
  ["a __proto__ prompt", JSON.parse('{"version":"1","default":"allow","prompts":{"names":{"__proto__":{"action":"deny"}}}}'), "/prompts/names/__proto__", /reserves/],
];

describe("parsePolicy refuses malformed sections, naming the pointer", () => {
  test.each(malformed)("%s", (_name, input, pointer, message) => {
    const result = parsePolicy(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toEqual({ pointer, message: expect.stringMatching(message) });
  });
});

describe("the seed's document means what it meant, and now also hides resources and prompts", () => {
  const policy = compile(SEED_POLICY);
  test.each([
    ["a resource", "resource", "mlflow://experiments/1"],
    ["a prompt", "prompt", "find_best_run"],
  ] as const)("%s is unknown under default deny", (_name, kind, name) => {
    expect(evaluateAccess(policy, { kind, name }, context())).toMatchObject({ kind: "hide", ruleId: "/default" });
  });
});
