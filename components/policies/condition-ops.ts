// Which operators make sense for an argument's type, and how a condition's value is typed in
// and shown. Only ops the schema allows are offered; the schema still checks the result.
import { CONDITION_OPS, type ConditionOp } from "@/lib/schemas/policy";
import type { ArgType } from "./schema-args";

export const OP_LABELS: Record<ConditionOp, string> = {
  eq: "equals",
  neq: "does not equal",
  in: "is one of",
  not_in: "is none of",
  lt: "is less than",
  lte: "is at most",
  gt: "is greater than",
  gte: "is at least",
  regex: "matches the pattern",
  contains: "contains",
  exists: "is present",
};

const OPS_BY_TYPE: Partial<Record<ArgType, readonly ConditionOp[]>> = {
  string: ["eq", "neq", "in", "not_in", "regex", "contains", "exists"],
  number: ["eq", "neq", "in", "not_in", "lt", "lte", "gt", "gte", "exists"],
  integer: ["eq", "neq", "in", "not_in", "lt", "lte", "gt", "gte", "exists"],
  boolean: ["eq", "neq", "exists"],
  array: ["contains", "exists"],
};

export function opsFor(type: ArgType): readonly ConditionOp[] {
  return OPS_BY_TYPE[type] ?? CONDITION_OPS;
}

export type ValueKind = "text" | "number" | "boolean" | "list" | "none";

export function valueKind(op: string, type: ArgType): ValueKind {
  if (op === "exists") return "boolean";
  if (op === "in" || op === "not_in") return "list";
  if (op === "lt" || op === "lte" || op === "gt" || op === "gte") return "number";
  if (type === "boolean" && (op === "eq" || op === "neq")) return "boolean";
  if ((type === "number" || type === "integer") && (op === "eq" || op === "neq")) return "number";
  return "text";
}

const numeric = (type: ArgType) => type === "number" || type === "integer";

/** Text typed by a person → the condition's value (undefined leaves the value out). */
export function parseValue(text: string, kind: ValueKind, type: ArgType): unknown {
  const trimmed = text.trim();
  switch (kind) {
    case "none":
      return undefined;
    case "boolean":
      return trimmed === "" ? undefined : trimmed === "true";
    case "number":
      return trimmed === "" || !Number.isFinite(Number(trimmed)) ? trimmed || undefined : Number(trimmed);
    case "list": {
      const items = text.split(",").map((s) => s.trim()).filter(Boolean);
      return items.map((item) => (numeric(type) && Number.isFinite(Number(item)) ? Number(item) : item));
    }
    case "text":
      return text === "" ? undefined : text;
  }
}

/** The condition's value as the text a person edits. */
export function formatValue(value: unknown, kind: ValueKind): string {
  if (value === undefined) return kind === "boolean" ? "true" : "";
  if (kind === "list" && Array.isArray(value)) return value.map((v) => String(v)).join(", ");
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

export function defaultValueFor(kind: ValueKind): unknown {
  if (kind === "boolean") return true;
  if (kind === "list") return [];
  return undefined;
}
