/** Turns a parsed policy document into a matcher that evaluates a call without re-reading the document. */
import { DEFAULT_APPROVAL_SECONDS, durationSeconds, type PolicyDocument, type ToolEntry } from "@/lib/schemas/policy";
import { compileCondition } from "./conditions";
import { comparePatterns, globMatch, isPattern } from "./glob";
import { toolPointer } from "./json-pointer";
import { compileAccessSection } from "./compile-access";
import { limitsText } from "./limits-text";
import { compileLimit, mergeLimits } from "./limits";
import type { CompiledLimit, CompiledPolicy, CompiledRule, RuleSet } from "./types";

export const DEFAULT_RULE_ID = "/default";
const RESOLVED_CACHE_SIZE = 10_000;

function compileEntry(key: string, entry: ToolEntry, allTools: readonly CompiledLimit[]): CompiledRule {
  const ruleId = toolPointer(key);
  const ownLimits = (entry.limits ?? []).map((limit, i) => compileLimit(limit, `${ruleId}/limits/${i}`));
  const limits = mergeLimits([...ownLimits, ...allTools]);
  return {
    key,
    ruleId,
    action: entry.action ?? "allow",
    reason: entry.reason,
    denyIf: (entry.deny_if ?? []).map((c, i) => compileCondition(c, `${ruleId}/deny_if/${i}`)),
    when: (entry.when ?? []).map((c, i) => compileCondition(c, `${ruleId}/when/${i}`)),
    limits,
    timeoutSeconds: entry.approval ? durationSeconds(entry.approval.timeout) : DEFAULT_APPROVAL_SECONDS,
    approvalMode: entry.approval?.mode ?? "auto",
    allowIdenticalSeconds: entry.approval?.allow_identical_for === undefined ? 0 : durationSeconds(entry.approval.allow_identical_for),
    limitsText: limitsText(limits),
  };
}

function compileDefault(document: PolicyDocument, allTools: readonly CompiledLimit[]): CompiledRule {
  const limits = document.default === "allow" ? mergeLimits(allTools) : [];
  return {
    key: null,
    ruleId: DEFAULT_RULE_ID,
    action: document.default === "allow" ? "allow" : "unlisted",
    reason: undefined,
    denyIf: [],
    when: [],
    limits,
    timeoutSeconds: DEFAULT_APPROVAL_SECONDS,
    approvalMode: "auto",
    allowIdenticalSeconds: 0,
    limitsText: limitsText(limits),
  };
}

/** Compiles a document that passed `parsePolicy` (or `policyDocumentSchema`). */
export function compilePolicy(document: PolicyDocument): CompiledPolicy {
  const allTools = (document.all_tools?.limits ?? []).map((limit, i) => compileLimit(limit, `/all_tools/limits/${i}`));
  const exact = new Map<string, CompiledRule>();
  const patterns: { pattern: string; rule: CompiledRule }[] = [];
  for (const [key, entry] of Object.entries(document.tools ?? {})) {
    const rule = compileEntry(key, entry, allTools);
    if (isPattern(key)) patterns.push({ pattern: key, rule });
    else exact.set(key, rule);
  }
  patterns.sort((a, b) => comparePatterns(a.pattern, b.pattern));
  return {
    document,
    exact,
    patterns,
    defaultRule: compileDefault(document, allTools),
    resolved: new Map(),
    wildcards: "*?",
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
