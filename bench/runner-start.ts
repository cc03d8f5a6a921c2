/**
 * "Test connection & import" of a stdio server: the time to list its tools through the stdio
 * runner, started as the compiled bundle (`npm start`) against tsx (the development fallback).
 * Servers: the MLflow stand-in over stdio (itself started through tsx), and a tiny `node -e`
 * server that shows the runner's own share. Runs alternate, so load on the machine hits both.
 * Run: npx tsx bench/runner-start.ts [runs per launch, default 10]
 */
import { projectRoot } from "@/lib/db-bootstrap";
import { bundledLaunch, listToolsInRunner, tsxLaunch, type RunnerLaunch } from "@/lib/upstream/runner/list-tools";
import type { RunnerRequest } from "@/lib/upstream/runner/protocol";
import { buildStdioRunner } from "@/scripts/build-gateway";
import { MAIN_PATH } from "@/tests/fixtures/mlflow-mcp/test-helpers";
import { tinyStdioServer } from "@/tests/helpers/tiny-stdio-server";

const runs = Number(process.argv[2] ?? 10);
const servers: [string, RunnerRequest, number][] = [
  ["MLflow stand-in", { command: process.execPath, args: ["--import", "tsx", MAIN_PATH, "--stdio"], env: {}, timeoutMs: 60_000 }, 40],
  ["tiny node -e server", { command: process.execPath, args: ["-e", tinyStdioServer], env: {}, timeoutMs: 60_000 }, 1],
];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timed(request: RunnerRequest, launch: RunnerLaunch, expectedTools: number): Promise<number> {
  const started = performance.now();
  const tools = await listToolsInRunner(request, launch);
  if (tools.length !== expectedTools) throw new Error(`expected ${expectedTools} tools, got ${tools.length}`);
  return performance.now() - started;
}

process.chdir(projectRoot); // the runner resolves tsx and the bundle's packages from the project
const launches = { bundle: bundledLaunch(await buildStdioRunner()), tsx: tsxLaunch(projectRoot) };
for (const [name, request, expectedTools] of servers) {
  const times: { bundle: number[]; tsx: number[] } = { bundle: [], tsx: [] };
  await timed(request, launches.bundle, expectedTools); // warm the file cache for both
  for (let i = 0; i < runs; i++) {
    times.bundle.push(await timed(request, launches.bundle, expectedTools));
    times.tsx.push(await timed(request, launches.tsx, expectedTools));
  }
  const [bundle, tsx] = [median(times.bundle), median(times.tsx)];
  console.log(`${name}: median of ${runs}  bundle ${bundle.toFixed(0)} ms  tsx ${tsx.toFixed(0)} ms  saved ${(tsx - bundle).toFixed(0)} ms (${(tsx / bundle).toFixed(2)}×)`);
}
