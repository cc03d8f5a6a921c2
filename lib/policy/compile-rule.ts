/** Builds the rules and rule sets of every section (tools, resources, prompts) the same way. */
import { DEFAULT_APPROVAL_SECONDS, type Limit } from "@/lib/schemas/policy";
import { comparePatterns, isPattern, type Wildcards } from "./glob";
import { limitsText } from "./limits-text";
import { compileLimit } from "./limits";
import type { CompiledLimit, CompiledRule, RuleAction, RuleSet } from "./types";

/** What a rule says; what it leaves out is the plain default (no conditions, no limits, auto approval). */
export interface RuleFields {
  action: RuleAction;
  reason?: string | undefined;
  denyIf?: CompiledRule["denyIf"];
  when?: CompiledRule["when"];
  limits?: CompiledLimit[];
  timeoutSeconds?: number | undefined;
  approvalMode?: CompiledRule["approvalMode"] | undefined;
  allowIdenticalSeconds?: number | undefined;
}

export function compileRule(key: string | null, ruleId: string, fields: RuleFields): CompiledRule {
  const limits = fields.limits ?? [];
  return {
    key,
    ruleId,
    action: fields.action,
    reason: fields.reason,
    denyIf: fields.denyIf ?? [],
    when: fields.when ?? [],
    limits,
    timeoutSeconds: fields.timeoutSeconds ?? DEFAULT_APPROVAL_SECONDS,
    approvalMode: fields.approvalMode ?? "auto",
    allowIdenticalSeconds: fields.allowIdenticalSeconds ?? 0,
    limitsText: limitsText(limits),
  };
}

/** An entry's own limits, each with its pointer (`<ruleId>/limits/<i>`). */
export function compileLimits(limits: readonly Limit[] | undefined, ruleId: string): CompiledLimit[] {
  return (limits ?? []).map((limit, i) => compileLimit(limit, `${ruleId}/limits/${i}`));
}

/** Sorts rules into exact names and patterns (most specific first) under the key each is matched on. */
export function buildRuleSet(
  rules: readonly { matchKey: string; rule: CompiledRule }[],
  defaultRule: CompiledRule,
  wildcards: Wildcards,
): RuleSet {
  const exact = new Map<string, CompiledRule>();
  const patterns: { pattern: string; rule: CompiledRule }[] = [];
  for (const { matchKey, rule } of rules) {
    if (isPattern(matchKey, wildcards)) patterns.push({ pattern: matchKey, rule });
    else exact.set(matchKey, rule);
  }
  patterns.sort((a, b) => comparePatterns(a.pattern, b.pattern, wildcards));
  return { exact, patterns, defaultRule, resolved: new Map(), wildcards };
}
