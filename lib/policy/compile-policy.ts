/** Turns a parsed policy document into a matcher that evaluates a call without re-reading the document. */
import { durationSeconds, type PolicyDocument, type ToolEntry } from "@/lib/schemas/policy";
import { compileCondition } from "./conditions";
import { compileAccessSection } from "./compile-access";
import { buildRuleSet, compileLimits, compileRule } from "./compile-rule";
import { globMatch } from "./glob";
import { toolPointer } from "./json-pointer";
import { mergeLimits } from "./limits";
import type { CompiledLimit, CompiledPolicy, CompiledRule, RuleSet } from "./types";

export const DEFAULT_RULE_ID = "/default";
const RESOLVED_CACHE_SIZE = 10_000;

function compileEntry(key: string, entry: ToolEntry, allTools: readonly CompiledLimit[]): CompiledRule {
  const ruleId = toolPointer(key);
  return compileRule(key, ruleId, {
    action: entry.action ?? "allow",
    reason: entry.reason,
    denyIf: (entry.deny_if ?? []).map((c, i) => compileCondition(c, `${ruleId}/deny_if/${i}`)),
    when: (entry.when ?? []).map((c, i) => compileCondition(c, `${ruleId}/when/${i}`)),
    limits: mergeLimits([...compileLimits(entry.limits, ruleId), ...allTools]),
    timeoutSeconds: entry.approval ? durationSeconds(entry.approval.timeout) : undefined,
    approvalMode: entry.approval?.mode,
    allowIdenticalSeconds:
      entry.approval?.allow_identical_for === undefined ? undefined : durationSeconds(entry.approval.allow_identical_for),
  });
}

function compileDefault(document: PolicyDocument, allTools: readonly CompiledLimit[]): CompiledRule {
  if (document.default !== "allow") return compileRule(null, DEFAULT_RULE_ID, { action: "unlisted" });
  return compileRule(null, DEFAULT_RULE_ID, { action: "allow", limits: mergeLimits(allTools) });
}

/** Compiles a document that passed `parsePolicy` (or `policyDocumentSchema`). */
export function compilePolicy(document: PolicyDocument): CompiledPolicy {
  const allTools = compileLimits(document.all_tools?.limits, "/all_tools");
  const rules = Object.entries(document.tools ?? {}).map(([key, entry]) => ({ matchKey: key, rule: compileEntry(key, entry, allTools) }));
  return {
    document,
    ...buildRuleSet(rules, compileDefault(document, allTools), "*?"),
    resources: compileAccessSection(document, "resources"),
    prompts: compileAccessSection(document, "prompts"),
  };
}

/**
 * The rule that decides a name in a rule set (a tool name for the policy itself): its exact
 * entry, else the most specific matching pattern, else the default. Resource URIs are
 * normalized by the caller (see normalizeUri) before they get here.
 */
export function resolveRule(rules: RuleSet, name: string): CompiledRule {
  const exact = rules.exact.get(name);
  if (exact) return exact;
  const memo = rules.resolved.get(name);
  if (memo) return memo;
  let rule = rules.defaultRule;
  for (const candidate of rules.patterns) {
    if (globMatch(candidate.pattern, name, rules.wildcards)) {
      rule = candidate.rule;
      break;
    }
  }
  // Bounded, because names come from agents and could be endless.
  if (rules.resolved.size < RESOLVED_CACHE_SIZE) rules.resolved.set(name, rule);
  return rule;
}
