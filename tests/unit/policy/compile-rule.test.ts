// Tools, resources and prompts build their rules with one function, so a plain entry compiles to
// the same rule in every section, and each section's rule set orders its patterns the same way.
import { describe, expect, test } from "vitest";
import { DEFAULT_APPROVAL_SECONDS } from "@/lib/schemas/policy";
import { buildRuleSet, compileRule } from "@/lib/policy/compile-rule";
import { compile } from "./helpers";

const limit = { counter: "reads", window: "minute", max: 5 } as const;

describe("one rule builder for every section", () => {
  const policy = compile({
    version: "1",
    default: "deny",
    tools: { get_run: { reason: "r", limits: [limit] } },
    resources: { uris: { "memo://a": { reason: "r", limits: [limit] } } },
    prompts: { names: { summarize: { reason: "r", limits: [limit] } } },
  });
  test.each([
    ["tools", policy.exact.get("get_run"), "/tools/get_run"],
    ["resources", policy.resources.exact.get("memo://a"), "/resources/uris/memo:~1~1a"],
    ["prompts", policy.prompts.exact.get("summarize"), "/prompts/names/summarize"],
  ])("%s: a plain entry", (_section, rule, ruleId) => {
    expect(rule).toEqual({
      key: expect.any(String),
      ruleId,
      action: "allow",
      reason: "r",
      denyIf: [],
      when: [],
      limits: [{ ruleId: `${ruleId}/limits/0`, counter: "reads", scope: "grant", windowSeconds: 60, max: 5 }],
      timeoutSeconds: DEFAULT_APPROVAL_SECONDS,
      approvalMode: "auto",
      allowIdenticalSeconds: 0,
      limitsText: "; takes reads (5 per minute per grant)",
    });
  });

  test.each([
    ["tools", policy.defaultRule, "/default"],
    ["resources", policy.resources.defaultRule, "/default"],
    ["prompts", policy.prompts.defaultRule, "/default"],
  ])("%s: the default under default: deny is unlisted, with nothing else", (_section, rule, ruleId) => {
    expect(rule).toEqual(compileRule(null, ruleId, { action: "unlisted" }));
  });
});

describe("buildRuleSet", () => {
  const rule = (key: string) => compileRule(key, `/tools/${key}`, { action: "allow" });
  test.each([
    ["*?", ["get_*", "get_run", "*", "get_r?n"], ["get_run"], ["get_r?n", "get_*", "*"]],
    ["*", ["memo://*", "memo://a?b", "memo://a/*"], ["memo://a?b"], ["memo://a/*", "memo://*"]],
  ] as const)("wildcards %s: exact names apart, patterns most specific first", (wildcards, keys, exact, patterns) => {
    const set = buildRuleSet(keys.map((key) => ({ matchKey: key, rule: rule(key) })), rule("default"), wildcards);
    expect([...set.exact.keys()]).toEqual(exact);
    expect(set.patterns.map((p) => p.pattern)).toEqual(patterns);
  });
});
