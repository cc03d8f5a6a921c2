// The pure evaluator for resources and prompts: precedence, section defaults, actions, limits,
// URIs a pattern must not decide, and list filtering by the same rules.
import { describe, expect, test } from "vitest";
import { evaluateAccess, filterPrompts, filterResources, filterResourceTemplates, simulateAccess, type AccessRequest, type Decision } from "@/lib/policy";
import { compile, context } from "./helpers";

const brief = (d: Decision) => ({ kind: d.kind, ruleId: d.ruleId });
const resource = (name: string): AccessRequest => ({ kind: "resource", name });
const prompt = (name: string): AccessRequest => ({ kind: "prompt", name });

describe("resources: exact URI, then the more specific pattern, then the section's default", () => {
  const policy = compile({
    version: "1",
    default: "allow",
    resources: {
      default: "deny",
      uris: {
        "mlflow://experiments/*": {},
        "mlflow://experiments/*/runs/*": { action: "deny", reason: "Runs are private." },
        "mlflow://experiments/0": { action: "hide" },
        "file:///a?b=1": {},
        "memo://notes/{id}": {},
      },
    },
  });
  test.each([
    ["a pattern allows", "mlflow://experiments/1", "allow", "/resources/uris/mlflow:~1~1experiments~1*"],
    ["the longer pattern wins", "mlflow://experiments/1/runs/9", "deny", "/resources/uris/mlflow:~1~1experiments~1*~1runs~1*"],
    ["an exact URI beats every pattern", "mlflow://experiments/0", "hide", "/resources/uris/mlflow:~1~1experiments~10"],
    ["scheme and host compare without case", "MLFLOW://Experiments/2", "allow", "/resources/uris/mlflow:~1~1experiments~1*"],
    ["the path keeps its case", "mlflow://experiments/0X", "allow", "/resources/uris/mlflow:~1~1experiments~1*"],
    ['"?" is the query, not a wildcard', "file:///aXb=1", "hide", "/resources/default"],
    ["the URI with its query", "file:///a?b=1", "allow", "/resources/uris/file:~1~1~1a?b=1"],
    ["a template key names the template", "memo://notes/{id}", "allow", "/resources/uris/memo:~1~1notes~1{id}"],
    ["nothing names it: the section's default", "memo://current", "hide", "/resources/default"],
  ])("%s (%s)", (_name, uri, kind, ruleId) => {
    expect(brief(evaluateAccess(policy, resource(uri), context()))).toEqual({ kind, ruleId });
  });

  test("a denied resource says why, naming the rule", () => {
    const decision = evaluateAccess(policy, resource("mlflow://experiments/1/runs/9"), context());
    expect(decision).toMatchObject({ kind: "deny", reason: "Runs are private." });
    expect(decision.explanation).toBe("Denied by /resources/uris/mlflow:~1~1experiments~1*~1runs~1*: Runs are private.");
  });
});

describe("the document's default applies unless the section has its own", () => {
  test.each([
    ["deny, no section", { version: "1", default: "deny" }, "hide", "/default"],
    ["allow, no section", { version: "1", default: "allow" }, "allow", "/default"],
    ["deny, section allows", { version: "1", default: "deny", resources: { default: "allow" }, prompts: { default: "allow" } }, "allow", "/resources/default"],
    ["allow, section denies", { version: "1", default: "allow", resources: { default: "deny" }, prompts: { default: "deny" } }, "hide", "/resources/default"],
    ["allow, a section with rules but no default", { version: "1", default: "allow", resources: { uris: { "x://y": { action: "deny" } } } }, "allow", "/default"],
  ])("%s", (_name, document, kind, ruleId) => {
    const policy = compile(document);
    expect(brief(evaluateAccess(policy, resource("mlflow://experiments/1"), context()))).toEqual({ kind, ruleId });
    const promptRule = ruleId.replace("/resources/", "/prompts/");
    expect(brief(evaluateAccess(policy, prompt("find_best_run"), context()))).toEqual({ kind, ruleId: promptRule });
  });

  test("tools keep their own default", () => {
    const policy = compile({ version: "1", default: "deny", resources: { default: "allow" } });
    expect(policy.defaultRule.action).toBe("unlisted");
  });
});

describe("prompts", () => {
  const policy = compile({
    version: "1",
    default: "deny",
    prompts: { names: { "find_*": {}, promote_best_model: { action: "deny" }, "*_setup": { action: "hide" }, "compare_runs_by_id?": {} } },
  });
  test.each([
    ["a pattern allows", "find_best_run", "allow", "/prompts/names/find_*"],
    ["a deny without a reason gets one", "promote_best_model", "deny", "/prompts/names/promote_best_model"],
    ["a hiding pattern", "audit_mlflow_setup", "hide", "/prompts/names/*_setup"],
    ['"?" is a wildcard in prompt names', "compare_runs_by_ids", "allow", "/prompts/names/compare_runs_by_id?"],
    ["unnamed under default deny", "greet", "hide", "/default"],
  ])("%s (%s)", (_name, name, kind, ruleId) => {
    expect(brief(evaluateAccess(policy, prompt(name), context()))).toEqual({ kind, ruleId });
  });

  test("the reasons the agent is told", () => {
    expect(evaluateAccess(policy, prompt("promote_best_model"), context())).toMatchObject({ reason: "This prompt is denied by policy." });
    expect(evaluateAccess(policy, prompt("greet"), context())).toMatchObject({ reason: 'Unknown prompt "greet"' });
  });
});

describe("URIs that a pattern cannot decide safely are denied unless named exactly", () => {
  const policy = compile({
    version: "1",
    default: "allow",
    resources: { uris: { "file:///secret/*": { action: "deny" }, "file:///public/../secret/named": {} } },
  });
  test.each([
    ["a dot-dot segment", "file:///public/../secret/key"],
    ["a dot segment", "file:///public/./x"],
    ["an encoded dot", "file:///public/%2e%2e/secret/key"],
    ["an encoded slash", "file:///public%2F..%2Fsecret"],
    ["a backslash", "file:///public\\..\\secret"],
  ])("%s", (_name, uri) => {
    const decision = evaluateAccess(policy, resource(uri), context());
    expect(decision).toMatchObject({ kind: "deny", ruleId: null });
    expect(decision.kind === "deny" && decision.reason).toMatch(/cannot decide it safely/);
    expect(filterResources(policy, [{ uri }])).toEqual([]);
  });

  test("an exact key still decides such a URI", () => {
    expect(brief(evaluateAccess(policy, resource("file:///public/../secret/named"), context()))).toEqual({ kind: "allow", ruleId: "/resources/uris/file:~1~1~1public~1..~1secret~1named" });
  });

  test("ordinary dots are fine", () => {
    expect(evaluateAccess(policy, resource("file:///public/report.v2..final.txt"), context()).kind).toBe("allow");
  });
});

describe("limits count reads and gets, and the simulator applies them", () => {
  const policy = compile({
    version: "1",
    default: "deny",
    resources: { uris: { "mlflow://*": { limits: [{ counter: "reads", window: "minute", max: 2 }] } } },
  });
  test("an allow carries the rule's charge", () => {
    const decision = evaluateAccess(policy, resource("mlflow://experiments/1"), context());
    expect(decision).toMatchObject({ kind: "allow", charges: [{ counter: "reads", max: 2, ruleId: "/resources/uris/mlflow:~1~1*/limits/0" }] });
  });
  test.each([
    ["room left", 1, "allow"],
    ["full", 2, "deny"],
  ])("%s", (_name, used, kind) => {
    expect(simulateAccess(policy, resource("mlflow://experiments/1"), context(), { usedByCounter: { reads: used } }).kind).toBe(kind);
  });
});

describe("lists are filtered by the same rules", () => {
  const policy = compile({
    version: "1",
    default: "deny",
    resources: { uris: { "memo://*": {}, "memo://private": { action: "hide" }, "memo://locked": { action: "deny" } } },
    prompts: { default: "allow", names: { "audit_*": { action: "hide" } } },
  });
  test("resources: hidden and unnamed ones go, denied ones stay listed", () => {
    const listed = filterResources(policy, [{ uri: "memo://current" }, { uri: "memo://private" }, { uri: "memo://locked" }, { uri: "file:///etc/passwd" }]);
    expect(listed.map((r) => r.uri)).toEqual(["memo://current", "memo://locked"]);
  });
  test("templates are decided by their URI template", () => {
    const listed = filterResourceTemplates(policy, [{ uriTemplate: "memo://notes/{id}" }, { uriTemplate: "file:///{path}" }]);
    expect(listed.map((t) => t.uriTemplate)).toEqual(["memo://notes/{id}"]);
  });
  test("prompts", () => {
    const listed = filterPrompts(policy, [{ name: "find_best_run" }, { name: "audit_mlflow_setup" }]);
    expect(listed.map((p) => p.name)).toEqual(["find_best_run"]);
  });
  test("a malformed entry from the upstream is never listed", () => {
    expect(filterResources(policy, [{ uri: 7 } as never, null as never])).toEqual([]);
  });
});

test("an evaluation that cannot run fails closed", () => {
  const policy = compile({ version: "1", default: "allow" });
  expect(evaluateAccess(policy, { kind: "prompt", name: 5 as never }, context())).toMatchObject({ kind: "deny", internalError: true, ruleId: null });
});
