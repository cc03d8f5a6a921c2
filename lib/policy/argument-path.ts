/**
 * Reads an argument by its dotted path ("tags.env"). A key may itself hold dots
 * ("mlflow.runName", common in MLflow tags), so "tags.mlflow.runName" can be read as
 * tags → "mlflow.runName" or as tags → mlflow → runName. When the arguments allow more than
 * one reading ({"tags":{"env":"prod"},"tags.env":"dev"}), the policy and the upstream could
 * each pick a different value, so the path is refused rather than guessed.
 */
export class AmbiguousPathError extends Error {
  constructor(
    /** The path as the policy wrote it. */
    readonly path: string,
    /** Two keys, at the same level, that each begin a reading of the path. */
    readonly keys: readonly [string, string],
    /** The keys walked before that level ("" at the top). */
    readonly at: string,
  ) {
    const where = at === "" ? "" : ` inside "${at}"`;
    super(`argument "${path}" is ambiguous: the arguments hold both "${keys[0]}" and "${keys[1]}"${where}`);
  }
}

/** The argument at `segments`, or undefined when it is absent; throws AmbiguousPathError. */
export function readArgument(root: unknown, segments: readonly string[]): unknown {
  let value = root;
  let i = 0;
  const walked: string[] = [];
  while (i < segments.length) {
    if (value === null || typeof value !== "object") return undefined;
    const next = stepInto(value as Record<string, unknown>, segments, i, walked);
    if (next === null) return undefined;
    walked.push(next.key);
    value = next.value;
    i = next.end;
  }
  return value;
}

/** The one own key at this level that begins the rest of the path; every candidate is looked at. */
function stepInto(object: Record<string, unknown>, segments: readonly string[], start: number, walked: readonly string[]) {
  let found: { key: string; value: unknown; end: number } | null = null;
  for (let end = segments.length; end > start; end--) {
    const key = end === start + 1 ? segments[start]! : segments.slice(start, end).join(".");
    // Own keys only: "constructor" or "__proto__" must never reach into prototypes.
    if (!Object.hasOwn(object, key)) continue;
    if (found !== null) throw new AmbiguousPathError(segments.join("."), [found.key, key], walked.join("."));
    found = { key, value: object[key], end };
  }
  return found;
}
