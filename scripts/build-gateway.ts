// Compiles the gateway worker and the stdio runner to one JavaScript file each (esbuild, the
// compiler tsx itself uses): production runs what it deploys — built JavaScript — rather than
// transpiling TypeScript at run time. Packages stay external (resolved from node_modules), so the
// output must live inside the project: .warden/build/. Takes well under a second, so `npm start`
// always rebuilds.
import { build } from "esbuild";
import { randomUUID } from "node:crypto";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { projectRoot } from "../lib/db-bootstrap";
import { bundleInputsPath, runnerBundlePath } from "../lib/upstream/runner/runner-bundle";

export const GATEWAY_BUNDLE = join(projectRoot, ".warden", "build", "gateway.mjs");
export const RUNNER_BUNDLE = runnerBundlePath(projectRoot);

/**
 * How node runs the gateway bundle (npm start and the benchmarks alike). A 64 MB young generation
 * (V8's default is 16 MB) means a quarter of the scavenges: each call's garbage dies young and
 * is never copied; measured −6% CPU per call at concurrency 32 for up to ~100 MB more RSS.
 */
export const GATEWAY_NODE_FLAGS = ["--enable-source-maps", "--max-semi-space-size=64"];

// Each file is written beside its place and renamed into it: a process starting the bundle while
// another build runs (tests in parallel, `npm test` beside `npm start`) reads one whole version.
function writeWhole(path: string, contents: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${randomUUID()}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

async function compile(entry: string, outfile: string): Promise<string> {
  const result = await build({
    entryPoints: [join(projectRoot, entry)],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: true,
    tsconfig: join(projectRoot, "tsconfig.json"),
    logLevel: "warning",
    absWorkingDir: projectRoot,
    metafile: true,
    write: false,
  });
  // The sources list goes first and the bundle last, so a bundle is never newer than its list.
  // Inputs are relative to absWorkingDir, the project root; packages are external, so none of them.
  writeWhole(bundleInputsPath(outfile), JSON.stringify(Object.keys(result.metafile.inputs)));
  const files = [...result.outputFiles].sort((a, b) => Number(a.path === outfile) - Number(b.path === outfile));
  for (const file of files) writeWhole(file.path, file.contents);
  return outfile;
}

export const buildGateway = (outfile = GATEWAY_BUNDLE) => compile(join("gateway", "main.ts"), outfile);

/** The runner behind "test connection & import" (lib/upstream/runner/list-tools.ts starts it). */
export const buildStdioRunner = (outfile = RUNNER_BUNDLE) => compile(join("lib", "upstream", "runner", "stdio-runner.ts"), outfile);

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const buildOne of [buildGateway, buildStdioRunner]) {
    const started = Date.now();
    console.log(`built ${await buildOne()} in ${Date.now() - started} ms`);
  }
}
