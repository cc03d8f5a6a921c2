// `npm test`: every layer (unit, integration with real PostgreSQL, browser with real Chromium),
// then one closing line "N passed, N failed". Extra arguments go to vitest, e.g.
// `npm test -- --project unit` or `npm test -- tests/integration/accounts.test.ts`.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../lib/db-bootstrap";
import { buildStdioRunner } from "./build-gateway";
import { findChromium } from "../tests/helpers/chromium";

const args = process.argv.slice(2);
const onlyProjects = args.flatMap((a, i) => (a === "--project" ? [args[i + 1]] : a.startsWith("--project=") ? [a.slice(10)] : []));
const runsBrowser = onlyProjects.length === 0 ? !args.some((a) => a.endsWith(".ts")) || args.some((a) => a.includes("e2e")) : onlyProjects.includes("e2e");

if (runsBrowser && !findChromium()) {
  console.error("Chromium not found: install it with `apt-get update && apt-get install -y chromium`, or set CHROMIUM_PATH.");
  process.exit(1);
}

mkdirSync(join(projectRoot, ".warden"), { recursive: true });
// "Test connection & import" runs the stdio runner's bundle, as under `npm start` (about a second
// to build; .warden is not committed, so a fresh clone gets it here). Unit tests start no runner.
if (!(onlyProjects.length > 0 && onlyProjects.every((p) => p === "unit"))) await buildStdioRunner();
const resultsFile = join(projectRoot, ".warden", "test-results.json");
rmSync(resultsFile, { force: true }); // a report left by an earlier run must not speak for this one
const vitest = join(projectRoot, "node_modules", ".bin", "vitest");
const child = spawn(vitest, ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${resultsFile}`, ...args], {
  cwd: projectRoot,
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});
const code: number = await new Promise((resolve) => child.on("exit", (c) => resolve(c ?? 1)));

type Results = { success: boolean; numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
let failed = code !== 0;
if (existsSync(resultsFile)) {
  const results = JSON.parse(readFileSync(resultsFile, "utf8")) as Results;
  const skipped = results.numPendingTests + results.numTodoTests;
  console.log(`\n${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ""}`);
  // The report decides too: an exit hook in a dependency once turned a failed run's exit code into 0.
  failed ||= !results.success || results.numFailedTests > 0;
} else {
  failed = true;
}
process.exit(failed ? 1 : 0);
