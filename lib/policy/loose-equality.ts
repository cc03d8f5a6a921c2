/**
 * Equality as loosely typed upstream servers see it: many coerce "42" to 42 and "true" to
 * true, so a `deny_if` on experiment_id 42 must also catch "42" (and "042"), or an agent
 * could slip past it by quoting a number.
 */
import { canonicalJson } from "./canonical-json";

const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** Numbers, or strings that spell one; NaN for anything else. */
export function toNumber(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "string" && NUMERIC.test(value)) return Number(value);
  return NaN;
}

/** The comparison keys of a value: two values are loosely equal when they share one. */
export function equalityKeys(value: unknown): string[] {
  if (value === null) return ["null"];
  switch (typeof value) {
    case "number":
      return ["n:" + value];
    case "boolean":
      return ["b:" + value];
    case "string": {
      const keys = ["s:" + value];
      const n = toNumber(value);
      if (!Number.isNaN(n)) keys.push("n:" + n);
      if (value === "true" || value === "false") keys.push("b:" + value);
      return keys;
    }
    case "object":
      return ["j:" + canonicalJson(value)];
    default:
      return [];
  }
}

/** A membership test for `in`/`not_in`/`eq`, built once at compile time. */
export function looseMatcher(values: readonly unknown[]): (value: unknown) => boolean {
  const keys = new Set(values.flatMap(equalityKeys));
  // Fast path: most arguments are strings that equal a listed string exactly.
  return (value) => {
    if (typeof value === "string" && keys.has("s:" + value)) return true;
    for (const key of equalityKeys(value)) if (keys.has(key)) return true;
    return false;
  };
}
