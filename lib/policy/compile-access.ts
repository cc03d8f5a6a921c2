/** Compiles the `resources` and `prompts` sections into rule sets that resolve like the tools' rules. */
import { DEFAULT_APPROVAL_SECONDS, type AccessEntry, type PolicyDocument } from "@/lib/schemas/policy";
import { comparePatterns, isPattern, type Wildcards } from "./glob";
import { escapePointerSegment } from "./json-pointer";
import { compileLimit, mergeLimits } from "./limits";
import { limitsText } from "./limits-text";
import { normalizeUri } from "./resource-uri";
import type { CompiledRule, RuleSet } from "./types";

export type AccessSection = "resources" | "prompts";

const SECTIONS: Record<AccessSection, { rulesKey: "uris" | "names"; wildcards: Wildcards; matchKey: (key: string) => string }> = {
  resources: { rulesKey: "uris", wildcards: "*", matchKey: normalizeUri },
  prompts: { rulesKey: "names", wildcards: "*?", matchKey: (key) => key },
};

/** The JSON Pointer of an entry, e.g. "/resources/uris/mlflow:~1~1experiments~1*". */
export function accessRulePointer(section: AccessSection, key: string): string {
  return `/${section}/${SECTIONS[section].rulesKey}/${escapePointerSegment(key)}`;
}

/** The form of a name (or key) that rules are matched on: resource URIs normalized, prompt names as they are. */
export function accessMatchKey(section: AccessSection, name: string): string {
  return SECTIONS[section].matchKey(name);
}

/** The entries of a section, by the key the document gives them. */
export function accessEntries(document: PolicyDocument, section: AccessSection): [string, AccessEntry][] {
  const rules = section === "resources" ? document.resources?.uris : document.prompts?.names;
  return Object.entries(rules ?? {});
}

function compileEntry(section: AccessSection, key: string, entry: AccessEntry): CompiledRule {
  const ruleId = accessRulePointer(section, key);
  const limits = mergeLimits((entry.limits ?? []).map((limit, i) => compileLimit(limit, `${ruleId}/limits/${i}`)));
  return {
    key,
    ruleId,
    action: entry.action ?? "allow",
    reason: entry.reason,
    denyIf: [],
    when: [],
    limits,
    timeoutSeconds: DEFAULT_APPROVAL_SECONDS,
    approvalMode: "auto",
    allowIdenticalSeconds: 0,
    limitsText: limitsText(limits),
  };
}

/** The section's own default when it has one, else the document's: allow, or "unlisted" (treated as unknown). */
function compileDefault(document: PolicyDocument, section: AccessSection): CompiledRule {
  const own = document[section]?.default;
  return {
    key: null,
    ruleId: own ? `/${section}/default` : "/default",
    action: (own ?? document.default) === "allow" ? "allow" : "unlisted",
    reason: undefined,
    denyIf: [],
    when: [],
    limits: [],
    timeoutSeconds: DEFAULT_APPROVAL_SECONDS,
    approvalMode: "auto",
    allowIdenticalSeconds: 0,
    limitsText: "",
  };
}

export function compileAccessSection(document: PolicyDocument, section: AccessSection): RuleSet {
  const { wildcards } = SECTIONS[section];
  const exact = new Map<string, CompiledRule>();
  const patterns: { pattern: string; rule: CompiledRule }[] = [];
  for (const [key, entry] of accessEntries(document, section)) {
    const rule = compileEntry(section, key, entry);
    const matchKey = accessMatchKey(section, key);
    if (isPattern(matchKey, wildcards)) patterns.push({ pattern: matchKey, rule });
    else exact.set(matchKey, rule);
  }
  patterns.sort((a, b) => comparePatterns(a.pattern, b.pattern, wildcards));
  return { exact, patterns, defaultRule: compileDefault(document, section), resolved: new Map(), wildcards };
}
