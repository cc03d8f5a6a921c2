/**
 * Reads an argument by its dotted path ("tags.env"). At each level the longest run of
 * segments that is an own key wins, so a key that itself holds dots ("mlflow.runName",
 * common in MLflow tags) is still reachable: "tags.mlflow.runName".
 */
export function readArgument(root: unknown, segments: readonly string[]): unknown {
  let value = root;
  let i = 0;
  while (i < segments.length) {
    if (value === null || typeof value !== "object") return undefined;
    const next = stepInto(value as Record<string, unknown>, segments, i);
    if (next === null) return undefined;
    value = next.value;
    i = next.end;
  }
  return value;
}

function stepInto(object: Record<string, unknown>, segments: readonly string[], start: number) {
  for (let end = segments.length; end > start; end--) {
    const key = end === start + 1 ? segments[start]! : segments.slice(start, end).join(".");
    // Own keys only: "constructor" or "__proto__" must never reach into prototypes.
    if (Object.hasOwn(object, key)) return { value: object[key], end };
  }
  return null;
}
