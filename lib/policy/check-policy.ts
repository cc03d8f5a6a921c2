/**
 * Static checks of a policy against the tools the server actually lists: the mistakes that
 * parse fine but do not do what their author meant (a misspelt tool, a condition on an argument
 * the tool lacks, a rule that can never decide). Findings are warnings, by JSON Pointer.
 */
import type { PolicyDocument, ToolEntry } from "@/lib/schemas/policy";
import { checkAccess, type AccessCatalog } from "./check-access";
import { checkConditions } from "./check-conditions";
import { checkLimits } from "./check-limits";
import type { CatalogTool, PolicyWarning } from "./check-types";
import { closestName } from "./closest-name";
import { compilePolicy, resolveRule } from "./compile-policy";
import { globMatch, isPattern } from "./glob";
import { toolPointer } from "./json-pointer";
import type { CompiledPolicy } from "./types";

export type { PolicyWarning, CatalogTool, AccessCatalog };

function unusedParts(key: string, entry: ToolEntry): PolicyWarning[] {
  if (entry.action !== "deny" && entry.action !== "hide") return [];
  const pointer = toolPointer(key);
  const verb = entry.action === "deny" ? "denied" : "hidden";
  const warnings: PolicyWarning[] = [];
  for (const part of ["when", "deny_if", "limits"] as const) {
    if (entry[part]?.length) {
      const message = `never applies: the tool is ${verb} before ${part === "limits" ? "limits are counted" : "conditions are checked"}`;
      warnings.push({ pointer: `${pointer}/${part}`, code: "never_applies", message });
    }
  }
  if (entry.action === "hide" && entry.reason !== undefined) {
    const message = "never shown: a hidden tool is answered as unknown, without a reason";
    warnings.push({ pointer: `${pointer}/reason`, code: "never_applies", message });
  }
  return warnings;
}

/** Which catalog tools an entry decides, with a warning when it decides none of them. */
function decidedTools(policy: CompiledPolicy, key: string, catalog: readonly CatalogTool[]) {
  const pointer = toolPointer(key);
  const names = catalog.map((t) => t.name);
  if (!isPattern(key)) {
    const tool = catalog.find((t) => t.name === key);
    if (tool) return { tools: [tool], warning: null };
    const suggestion = closestName(key, names);
    const hint = suggestion ? `; did you mean "${suggestion}"?` : "";
    const message = `this server has no tool "${key}"${hint}`;
    return { tools: [], warning: { pointer, code: "unknown_tool", message } as const };
  }
  const matched = catalog.filter((t) => globMatch(key, t.name));
  if (matched.length === 0) {
    const message = `the pattern "${key}" matches none of this server's tools`;
    return { tools: [], warning: { pointer, code: "pattern_matches_nothing", message } as const };
  }
  const decided = matched.filter((t) => resolveRule(policy, t.name).key === key);
  if (decided.length > 0) return { tools: decided, warning: null };
  const winners = [...new Set(matched.map((t) => resolveRule(policy, t.name).ruleId))].join(", ");
  const message = `can never decide: every tool it matches is decided by a more specific rule (${winners})`;
  return { tools: [], warning: { pointer, code: "shadowed", message } as const };
}

function checkDefault(document: PolicyDocument): PolicyWarning[] {
  if (!Object.hasOwn(document.tools ?? {}, "*")) return [];
  const message = 'never applies: the pattern "*" decides every tool the policy does not name';
  return [{ pointer: "/default", code: "never_applies", message }];
}

/**
 * Checks a parsed document against the tools the server lists (name, description, inputSchema,
 * annotations) and, when known, its prompts and resources.
 */
export function checkPolicy(document: PolicyDocument, toolCatalog: readonly CatalogTool[], accessCatalog: AccessCatalog = {}): PolicyWarning[] {
  const policy = compilePolicy(document);
  const warnings: PolicyWarning[] = [];
  for (const [key, entry] of Object.entries(document.tools ?? {})) {
    const { tools, warning } = decidedTools(policy, key, toolCatalog);
    if (warning) warnings.push(warning);
    warnings.push(...unusedParts(key, entry));
    if (entry.action !== "deny" && entry.action !== "hide") {
      warnings.push(...checkConditions(toolPointer(key), entry.when ?? [], entry.deny_if ?? [], tools));
    }
  }
  warnings.push(...checkAccess(document, accessCatalog), ...checkLimits(document), ...checkDefault(document));
  return warnings;
}
