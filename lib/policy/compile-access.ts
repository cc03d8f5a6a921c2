/** Compiles the `resources` and `prompts` sections into rule sets that resolve like the tools' rules. */
import type { AccessEntry, PolicyDocument } from "@/lib/schemas/policy";
import { buildRuleSet, compileLimits, compileRule } from "./compile-rule";
import type { Wildcards } from "./glob";
import { escapePointerSegment } from "./json-pointer";
import { mergeLimits } from "./limits";
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
  const limits = mergeLimits(compileLimits(entry.limits, ruleId));
  return compileRule(key, ruleId, { action: entry.action ?? "allow", reason: entry.reason, limits });
}

/** The section's own default when it has one, else the document's: allow, or "unlisted" (treated as unknown). */
function compileDefault(document: PolicyDocument, section: AccessSection): CompiledRule {
  const own = document[section]?.default;
  const action = (own ?? document.default) === "allow" ? "allow" : "unlisted";
  return compileRule(null, own ? `/${section}/default` : "/default", { action });
}

export function compileAccessSection(document: PolicyDocument, section: AccessSection): RuleSet {
  const rules = accessEntries(document, section).map(([key, entry]) => ({
    matchKey: accessMatchKey(section, key),
    rule: compileEntry(section, key, entry),
  }));
  return buildRuleSet(rules, compileDefault(document, section), SECTIONS[section].wildcards);
}
