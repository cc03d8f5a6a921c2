/**
 * Static checks of the `resources` and `prompts` sections: parts that can never apply and, when
 * the server's prompts or resources are known, keys and patterns that name none of them.
 */
import type { AccessEntry, PolicyDocument } from "@/lib/schemas/policy";
import type { PolicyWarning } from "./check-types";
import { closestName } from "./closest-name";
import { accessEntries, accessMatchKey, accessRulePointer, type AccessSection } from "./compile-access";
import { globMatch, isPattern } from "./glob";

/** What the server is known to offer; a section whose list is absent is not checked against it. */
export interface AccessCatalog {
  prompts?: readonly string[];
  /** Resource URIs and resource templates' URI templates ("memo://notes/{id}"). */
  resources?: readonly string[];
}

function unusedParts(pointer: string, entry: AccessEntry, thing: string): PolicyWarning[] {
  if (entry.action !== "deny" && entry.action !== "hide") return [];
  const warnings: PolicyWarning[] = [];
  if (entry.limits?.length) {
    const message = `never applies: the ${thing} is ${entry.action === "deny" ? "denied" : "hidden"} before limits are counted`;
    warnings.push({ pointer: `${pointer}/limits`, code: "never_applies", message });
  }
  if (entry.action === "hide" && entry.reason !== undefined) {
    const message = `never shown: a hidden ${thing} is answered as unknown, without a reason`;
    warnings.push({ pointer: `${pointer}/reason`, code: "never_applies", message });
  }
  return warnings;
}

/** A URI template as a pattern of the URIs it expands to: "memo://notes/{id}" → "memo://notes/*". */
const templateGlob = (template: string) => template.replace(/\{[^}]*\}/g, "*");

function unknownKey(section: AccessSection, key: string, known: readonly string[]): PolicyWarning | null {
  const pointer = accessRulePointer(section, key);
  const wildcards = section === "resources" ? "*" : "*?";
  const matchKey = accessMatchKey(section, key);
  const names = known.map((name) => accessMatchKey(section, name));
  if (isPattern(matchKey, wildcards)) {
    if (names.some((name) => globMatch(matchKey, name, wildcards))) return null;
    const things = section === "resources" ? "resources or resource templates" : "prompts";
    return { pointer, code: "pattern_matches_nothing", message: `the pattern "${key}" matches none of this server's ${things}` };
  }
  if (section === "prompts") {
    if (names.includes(matchKey)) return null;
    const suggestion = closestName(key, known);
    return { pointer, code: "unknown_prompt", message: `this server has no prompt "${key}"${suggestion ? `; did you mean "${suggestion}"?` : ""}` };
  }
  if (names.some((name) => name === matchKey || globMatch(templateGlob(name), matchKey, "*"))) return null;
  return { pointer, code: "unknown_resource", message: `this server lists no resource "${key}" and no resource template that makes it` };
}

function checkSection(document: PolicyDocument, section: AccessSection, known: readonly string[] | undefined): PolicyWarning[] {
  const thing = section === "resources" ? "resource" : "prompt";
  const warnings: PolicyWarning[] = [];
  const entries = accessEntries(document, section);
  for (const [key, entry] of entries) {
    const unknown = known ? unknownKey(section, key, known) : null;
    if (unknown) warnings.push(unknown);
    warnings.push(...unusedParts(accessRulePointer(section, key), entry, thing));
  }
  if (entries.some(([key]) => key === "*")) {
    const pointer = document[section]?.default ? `/${section}/default` : null;
    const message = `never applies: the pattern "*" decides every ${thing} the policy does not name`;
    if (pointer) warnings.push({ pointer, code: "never_applies", message });
  }
  return warnings;
}

export function checkAccess(document: PolicyDocument, catalog: AccessCatalog = {}): PolicyWarning[] {
  return [...checkSection(document, "resources", catalog.resources), ...checkSection(document, "prompts", catalog.prompts)];
}
