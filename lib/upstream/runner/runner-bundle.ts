// Where the stdio runner's compiled bundle lives and whether it may be run. `npm start` (and
// `npm test`) build it with scripts/build-gateway.ts; beside it they write the list of source files
// it was built from, so the app can tell a bundle older than an edited source and fall back to tsx.
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** Packages stay external (resolved from node_modules), so the bundle lives inside the project. */
export const runnerBundlePath = (root: string) => join(root, ".warden", "build", "stdio-runner.mjs");

/** The TypeScript source, for development and tests when no current bundle exists. */
export const runnerSourcePath = (root: string) => join(root, "lib", "upstream", "runner", "stdio-runner.ts");

/** The file listing a bundle's sources (paths relative to the project root), written with it. */
export const bundleInputsPath = (bundle: string) => `${bundle}.inputs.json`;

/**
 * True when the bundle and its inputs list exist and no source it was built from changed since.
 * A source that is gone, or a list that cannot be read, counts as stale: tsx is always correct.
 */
export function bundleIsCurrent(bundle: string, root: string): boolean {
  try {
    if (!existsSync(bundle)) return false;
    const builtMs = statSync(bundle).mtimeMs;
    const inputs = JSON.parse(readFileSync(bundleInputsPath(bundle), "utf8")) as unknown;
    if (!Array.isArray(inputs) || inputs.length === 0) return false;
    return inputs.every((input) => typeof input === "string" && statSync(join(root, input)).mtimeMs <= builtMs);
  } catch {
    return false;
  }
}
