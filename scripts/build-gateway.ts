// Compiles the gateway worker to one JavaScript file (esbuild, the compiler tsx itself uses):
// production runs what it deploys — built JavaScript — rather than transpiling TypeScript at run
// time. Packages stay external (resolved from node_modules), so the output must live inside the
// project: .warden/build/gateway.mjs. Takes well under a second, so `npm start` always rebuilds.
import { build } from "esbuild";
import { join } from "node:path";
import { projectRoot } from "../lib/db-bootstrap";

export const GATEWAY_BUNDLE = join(projectRoot, ".warden", "build", "gateway.mjs");

export async function buildGateway(outfile = GATEWAY_BUNDLE): Promise<string> {
  await build({
    entryPoints: [join(projectRoot, "gateway", "main.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: true,
    tsconfig: join(projectRoot, "tsconfig.json"),
    logLevel: "warning",
  });
  return outfile;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  console.log(`built ${await buildGateway()} in ${Date.now() - started} ms`);
}
