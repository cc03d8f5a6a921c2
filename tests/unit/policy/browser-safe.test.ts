/** The builder runs the evaluator in the browser: nothing it imports may need Node's built-ins. */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

function resolveImport(from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/") ? join(root, specifier.slice(2)) : specifier.startsWith(".") ? resolve(dirname(from), specifier) : null;
  if (base === null) return null;
  return [base + ".ts", join(base, "index.ts")].find(existsSync) ?? null;
}

/** Every import specifier reachable from `entry`, following the project's own files. */
function importGraph(entry: string): { files: string[]; external: string[] } {
  const files = new Set<string>();
  const external = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const [, specifier] of readFileSync(file, "utf8").matchAll(/(?:import|export)[^"']*?from\s+["']([^"']+)["']/g)) {
      const local = resolveImport(file, specifier!);
      if (local) pending.push(local);
      else external.add(specifier!);
    }
  }
  return { files: [...files], external: [...external] };
}

test.each(["lib/policy/index.ts", "lib/schemas/policy.ts", "lib/risk/classify-tool.ts"])("%s imports no node: module", (entry) => {
  const { files, external } = importGraph(join(root, entry));
  expect(files.length).toBeGreaterThan(1);
  // zod is the only package the engine may use.
  expect(external.filter((s) => s !== "zod")).toEqual([]);
});
