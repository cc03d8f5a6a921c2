/** One segment of a JSON Pointer (RFC 6901): "~" and "/" are escaped so tool names like "a/b" stay one segment. */
export function escapePointerSegment(segment: string | number): string {
  const text = String(segment);
  if (!text.includes("~") && !text.includes("/")) return text;
  return text.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Builds "/a/b/0" from ["a", "b", 0]; the empty path is the whole document, "". */
export function toPointer(path: readonly (string | number | symbol)[]): string {
  let pointer = "";
  for (const segment of path) pointer += "/" + escapePointerSegment(String(segment));
  return pointer;
}

/** The pointer of a tool entry, e.g. "/tools/set_experiment_tag". */
export function toolPointer(toolKey: string): string {
  return "/tools/" + escapePointerSegment(toolKey);
}

/** The value at a JSON Pointer (RFC 6901), or undefined. */
export function atPointer(document: unknown, pointer: string): unknown {
  let node = document;
  for (const raw of pointer.split("/").slice(1)) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
