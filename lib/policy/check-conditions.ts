/** Static checks of `when` / `deny_if` conditions against the input schemas of the tools they apply to. */
import type { Condition } from "@/lib/schemas/policy";
import { canonicalJson } from "./canonical-json";
import type { CatalogTool, PolicyWarning } from "./check-types";
import { closestName } from "./closest-name";
import { lookupArgument, schemaTypes } from "./schema-path";

const NUMERIC_OPS = new Set(["lt", "lte", "gt", "gte"]);
const NEGATIVE_OPS = new Set(["neq", "not_in"]);
const TYPE_NAMES: Record<string, string> = {
  string: "a string",
  integer: "an integer",
  number: "a number",
  boolean: "true/false",
  object: "an object",
  array: "a list",
  null: "null",
};

/** Why `op` cannot apply to a value of these types, or null when it can (or the types are unknown). */
function typeProblem(condition: Condition, types: Set<string>): string | null {
  if (types.size === 0) return null;
  const has = (...wanted: string[]) => wanted.some((t) => types.has(t));
  const described = [...types]
    .filter((t) => t !== "number" || !types.has("integer"))
    .map((t) => TYPE_NAMES[t] ?? t)
    .join(" or ");
  if (NUMERIC_OPS.has(condition.op) && !has("number")) return `"${condition.op}" compares numbers, but "${condition.arg}" is ${described}`;
  if (condition.op === "regex" && !has("string", "number", "boolean")) return `"regex" matches text, but "${condition.arg}" is ${described}`;
  if (condition.op === "contains" && !has("string", "array")) {
    return `"contains" looks inside text or lists, but "${condition.arg}" is ${described}`;
  }
  if (["eq", "neq", "in", "not_in"].includes(condition.op) && !has("string", "number", "boolean", "null") && has("array")) {
    return `"${condition.op}" compares single values, but "${condition.arg}" is a list; use "contains"`;
  }
  return null;
}

function checkOne(condition: Condition, pointer: string, kind: "when" | "deny_if", tools: readonly CatalogTool[]): PolicyWarning[] {
  const segments = condition.arg.split(".");
  const missingIn: string[] = [];
  const optionalIn: string[] = [];
  const problems = new Map<string, string[]>();
  let suggestion: string | null = null;
  for (const tool of tools) {
    const lookup = lookupArgument(tool.inputSchema, segments);
    if (!lookup.found) {
      missingIn.push(tool.name);
      suggestion ??= closestName(lookup.missing, lookup.known);
      continue;
    }
    const problem = typeProblem(condition, schemaTypes(lookup.schema));
    if (problem) problems.set(problem, [...(problems.get(problem) ?? []), tool.name]);
    if (kind === "when" && NEGATIVE_OPS.has(condition.op) && !lookup.required) optionalIn.push(tool.name);
  }
  // One warning per finding, naming every tool it concerns, rather than one per tool.
  const warnings: PolicyWarning[] = [];
  if (missingIn.length > 0) warnings.push(missingArgumentWarning(condition, pointer, kind, missingIn, suggestion));
  for (const [problem, names] of problems) {
    warnings.push({ pointer: pointer + "/op", code: "op_type_mismatch", message: `${problem} (in ${names.join(", ")})` });
  }
  if (optionalIn.length > 0) {
    const message = `"${condition.arg}" is optional (in ${optionalIn.join(", ")}), and a call that leaves it out passes this condition`;
    warnings.push({ pointer, code: "missing_argument_passes", message });
  }
  return warnings;
}

function missingArgumentWarning(
  condition: Condition,
  pointer: string,
  kind: "when" | "deny_if",
  missingIn: string[],
  suggestion: string | null,
): PolicyWarning {
  const where = `${missingIn.join(", ")} ${missingIn.length === 1 ? "has" : "have"}`;
  const them = missingIn.length === 1 ? "it" : "them";
  const effect = kind === "when" ? `so calls to ${them} are always refused` : `so this condition never denies calls to ${them}`;
  const hint = suggestion ? `; did you mean "${suggestion}"?` : "";
  return { pointer: pointer + "/arg", code: "unknown_argument", message: `${where} no argument "${condition.arg}", ${effect}${hint}` };
}

/** Checks an entry's conditions; `tools` are the catalog tools the entry decides. */
export function checkConditions(entryPointer: string, when: Condition[], denyIf: Condition[], tools: readonly CatalogTool[]): PolicyWarning[] {
  const warnings: PolicyWarning[] = [];
  if (tools.length > 0) {
    denyIf.forEach((c, i) => warnings.push(...checkOne(c, `${entryPointer}/deny_if/${i}`, "deny_if", tools)));
    when.forEach((c, i) => warnings.push(...checkOne(c, `${entryPointer}/when/${i}`, "when", tools)));
  }
  // A `when` that some `deny_if` repeats word for word admits only calls that are then denied.
  const denied = new Set(denyIf.map((c) => canonicalJson(c)));
  when.forEach((c, i) => {
    if (denied.has(canonicalJson(c))) {
      const message = "this condition is also a deny_if of the same rule, so every call it admits is denied";
      warnings.push({ pointer: `${entryPointer}/when/${i}`, code: "shadowed", message });
    }
  });
  return warnings;
}
