/**
 * Conditions on a call's arguments, compiled once into closures. `neq` and `not_in` are
 * exactly "not eq" and "not in", so a missing argument satisfies them (and `exists: false`)
 * and nothing else: a `when: env eq "dev"` refuses a call without env, and a
 * `deny_if: env not_in ["dev"]` denies it — both fail closed. An argument that cannot be
 * read with certainty (an ambiguous path, a string too long for a regex) throws a
 * ConditionError, which denies the call whether the condition is a `when` or a `deny_if`.
 */
import type { Condition } from "@/lib/schemas/policy";
import { AmbiguousPathError, readArgument } from "./argument-path";
import { looseMatcher, toNumber } from "./loose-equality";
import { compileSafeRegex } from "./safe-regex";
import type { CompiledCondition } from "./types";

/** Longer strings are refused rather than scanned, to bound the cost of one call. */
export const MAX_REGEX_SUBJECT_LENGTH = 65_536;

/** The condition cannot be decided for this call; evaluation denies it. */
export class ConditionError extends Error {
  /** The condition's rule id, once known. */
  ruleId: string | null = null;
}

type Test = (value: unknown) => boolean;

function compareTest(op: "lt" | "lte" | "gt" | "gte", limit: number): Test {
  switch (op) {
    case "lt":
      return (v) => toNumber(v) < limit;
    case "lte":
      return (v) => toNumber(v) <= limit;
    case "gt":
      return (v) => toNumber(v) > limit;
    case "gte":
      return (v) => toNumber(v) >= limit;
  }
}

function regexTest(pattern: string, arg: string): Test {
  const regex = compileSafeRegex(pattern);
  return (v) => {
    if (typeof v === "number" || typeof v === "boolean") return regex.test(String(v));
    if (typeof v !== "string") return false;
    if (v.length > MAX_REGEX_SUBJECT_LENGTH) {
      throw new ConditionError(`argument "${arg}" is longer than ${MAX_REGEX_SUBJECT_LENGTH} characters, too long to match a regex`);
    }
    return regex.test(v);
  };
}

function containsTest(needle: unknown): Test {
  const equalsNeedle = looseMatcher([needle]);
  const text = String(needle);
  return (v) => (typeof v === "string" ? v.includes(text) : Array.isArray(v) && v.some(equalsNeedle));
}

function opTest(condition: Condition): Test {
  const { op, value } = condition;
  switch (op) {
    case "eq":
      return looseMatcher([value]);
    case "neq": {
      const equals = looseMatcher([value]);
      return (v) => !equals(v);
    }
    case "in":
      return looseMatcher(value as unknown[]);
    case "not_in": {
      const member = looseMatcher(value as unknown[]);
      return (v) => !member(v);
    }
    case "lt":
    case "lte":
    case "gt":
    case "gte":
      return compareTest(op, value as number);
    case "regex":
      return regexTest(value as string, condition.arg);
    case "contains":
      return containsTest(value);
    case "exists": {
      const wanted = value !== false;
      return (v) => (v !== undefined && v !== null) === wanted;
    }
  }
}

export function describeValue(value: unknown, maxLength = 80): string {
  const text = JSON.stringify(value) ?? "undefined";
  return text.length > maxLength ? text.slice(0, maxLength - 1) + "…" : text;
}

export function conditionText(condition: Condition): string {
  if (condition.op === "exists") return `${condition.arg} ${condition.value === false ? "is absent" : "exists"}`;
  return `${condition.arg} ${condition.op} ${describeValue(condition.value)}`;
}

/** Names the condition's rule in a ConditionError, so that the refusal points at it. */
function withRuleId(test: Test, ruleId: string): Test {
  return (v) => {
    try {
      return test(v);
    } catch (error) {
      if (error instanceof ConditionError) error.ruleId = ruleId;
      throw error;
    }
  };
}

function readOrRefuse(args: Record<string, unknown>, segments: readonly string[], ruleId: string): unknown {
  try {
    return readArgument(args, segments);
  } catch (error) {
    if (!(error instanceof AmbiguousPathError)) throw error;
    const refusal = new ConditionError(`${error.message}, so it is refused rather than guessed`);
    refusal.ruleId = ruleId;
    throw refusal;
  }
}

export function compileCondition(condition: Condition, ruleId: string): CompiledCondition {
  const segments = condition.arg.split(".");
  const test = condition.op === "regex" ? withRuleId(opTest(condition), ruleId) : opTest(condition);
  const single = segments.length === 1 ? segments[0]! : null;
  const holds =
    single !== null
      ? (args: Record<string, unknown>) => test(Object.hasOwn(args, single) ? args[single] : undefined)
      : (args: Record<string, unknown>) => test(readOrRefuse(args, segments, ruleId));
  return { ruleId, text: conditionText(condition), holds };
}
