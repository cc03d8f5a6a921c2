/**
 * The per-rule half of the PolicyLayer import: predicates, limits and one tool's entry. Each
 * function returns Warden's form or pushes a refusal that names the field and what Warden
 * offers instead. Warden's own keys pass through untouched, so a Warden document imports as itself.
 */
import { CONDITION_OPS, WINDOW_NAMES, WINDOW_SECONDS, type ConditionOp } from "@/lib/schemas/policy";
import { escapePointerSegment } from "./json-pointer";

export interface ImportNote {
  pointer: string;
  message: string;
}

export interface ImportLog {
  changes: ImportNote[];
  errors: ImportNote[];
}

export type Json = Record<string, unknown>;
export const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
export const at = (pointer: string, key: string | number) => `${pointer}/${escapePointerSegment(key)}`;

// PolicyLayer's operator spellings beside Warden's own.
const OP_ALIASES: Record<string, ConditionOp> = { ne: "neq", "!=": "neq", "==": "eq", nin: "not_in", matches: "regex", "<": "lt", "<=": "lte", ">": "gt", ">=": "gte" };

function opOf(raw: unknown): ConditionOp | null {
  if (typeof raw !== "string") return null;
  if ((CONDITION_OPS as readonly string[]).includes(raw)) return raw as ConditionOp;
  return OP_ALIASES[raw] ?? null;
}

/**
 * A predicate: Warden's { arg, op, value } as it is, or PolicyLayer's { path: "args.x", op, value }
 * (also spelt field/operator). Only the call's arguments can be tested: Warden sees nothing else.
 */
export function convertPredicate(raw: unknown, pointer: string, log: ImportLog): Json | null {
  if (!isObject(raw)) {
    log.errors.push({ pointer, message: 'must be a predicate such as { "path": "args.amount", "op": "gt", "value": 10000 }; Warden: { "arg": "amount", "op": "gt", "value": 10000 }' });
    return null;
  }
  if ("arg" in raw && !("path" in raw) && !("field" in raw) && !("operator" in raw)) return raw;
  const { path = raw.field, op = raw.operator, value, ...rest } = raw;
  delete rest.field;
  delete rest.operator;
  for (const key of Object.keys(rest)) {
    log.errors.push({ pointer: at(pointer, key), message: 'cannot be converted: a Warden condition has only "arg", "op" and "value"' });
  }
  if (typeof path !== "string" || !/^args\.[^.\s]/.test(path)) {
    log.errors.push({ pointer: at(pointer, "path"), message: 'must name an argument as "args.<name>": Warden conditions test only the call\'s arguments ("arg": "<name>")' });
    return null;
  }
  const wardenOp = opOf(op);
  if (!wardenOp) {
    log.errors.push({ pointer: at(pointer, "op"), message: `is not an operator Warden knows: use one of ${CONDITION_OPS.join(", ")}` });
    return null;
  }
  const arg = path.slice("args.".length);
  log.changes.push({ pointer, message: `"${path}" ${String(op)} became "arg": "${arg}", "op": "${wardenOp}"` });
  return value === undefined ? { arg, op: wardenOp } : { arg, op: wardenOp, value };
}

const DURATION = /^([1-9]\d{0,7})\s*(s|m|h|d)$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;
const PER_ALIASES: Record<string, (typeof WINDOW_NAMES)[number]> = { sec: "second", min: "minute", hr: "hour", "1s": "second", "1m": "minute", "1h": "hour", "1d": "day" };

/** "minute", 60, "1m", "60s" → Warden's window ("minute" or a number of seconds). */
function windowOf(raw: unknown): string | number | null {
  if (typeof raw === "number") return Number.isInteger(raw) && raw >= 1 ? raw : null;
  if (typeof raw !== "string") return null;
  if ((WINDOW_NAMES as readonly string[]).includes(raw)) return raw;
  if (PER_ALIASES[raw]) return PER_ALIASES[raw];
  const match = DURATION.exec(raw);
  if (!match) return null;
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
  const named = WINDOW_NAMES.find((name) => WINDOW_SECONDS[name] === seconds);
  return named ?? seconds;
}

/**
 * A limit: { max, window } with an optional counter and scope (PolicyLayer counts per grant,
 * which is Warden's default scope). A limit without a counter gets one named after its rule.
 */
export function convertLimit(raw: unknown, pointer: string, counter: string, log: ImportLog): Json | null {
  if (!isObject(raw)) {
    log.errors.push({ pointer, message: 'must be a limit such as { "max": 30, "window": "minute" }' });
    return null;
  }
  const { max, window = raw.per ?? raw.interval, counter: ownCounter, scope, ...rest } = raw;
  delete rest.per;
  delete rest.interval;
  for (const key of Object.keys(rest)) {
    log.errors.push({ pointer: at(pointer, key), message: 'cannot be converted: a Warden limit has "counter", "max", "window" and "scope" (grant, server or organization)' });
  }
  const windowValue = windowOf(window);
  if (windowValue === null) {
    log.errors.push({ pointer: at(pointer, "window"), message: 'must be a window such as "minute", "1h" or a number of seconds (Warden: "window")' });
    return null;
  }
  const limit: Json = { counter: ownCounter ?? counter, window: windowValue, max };
  if (scope !== undefined) limit.scope = scope;
  if (ownCounter === undefined || windowValue !== window) {
    log.changes.push({ pointer, message: `became the Warden limit ${JSON.stringify(limit)} (counted per ${typeof scope === "string" ? scope : "grant"})` });
  }
  return limit;
}

export function convertLimits(raw: unknown, pointer: string, counterBase: string, log: ImportLog): Json[] {
  if (!Array.isArray(raw)) {
    log.errors.push({ pointer, message: "must be a list of limits" });
    return [];
  }
  return raw.flatMap((item: unknown, i): Json[] => {
    const name = raw.length > 1 ? `${counterBase}_${i}` : counterBase;
    const limit = convertLimit(item, at(pointer, i), counterName(name), log);
    return limit ? [limit] : [];
  });
}

/** A counter name Warden accepts, from a tool name or pattern. */
export function counterName(base: string): string {
  const cleaned = base.replace(/[^A-Za-z0-9_.:-]/g, "_").slice(0, 58);
  return `${cleaned || "tool"}_calls`;
}
