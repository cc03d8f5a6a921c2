// The control plane's side of the stdio runner: starts lib/upstream/runner/stdio-runner.ts as a
// separate short-lived process and reads its answer. The app process itself never spawns a
// tenant's command (see the runner for why and README "stdio upstreams" for what is isolated).
import { spawn } from "node:child_process";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import type { RunnerAnswer, RunnerRequest } from "@/lib/upstream/runner/protocol";
import { bundleIsCurrent, runnerBundlePath, runnerSourcePath } from "@/lib/upstream/runner/runner-bundle";
import { UpstreamUnavailableError } from "@/lib/upstream/types";

/** Answers larger than this (a catalog of tens of thousands of tools) are refused. */
const maxAnswerBytes = 32 * 1024 * 1024;
const stderrTailBytes = 4096;

/** The runner's whole environment: nothing of the app's secrets, only what starting it needs. */
export function runnerEnvironment(source: Record<string, string | undefined> = process.env): Record<string, string> {
  const kept = ["PATH", "TMPDIR", "WARDEN_STDIO_UID"] as const;
  const environment: Record<string, string> = {};
  for (const name of kept) if (source[name]) environment[name] = source[name]!;
  return environment;
}

/** How node starts the runner, and the time it gets beyond the listing's own timeout to do so. */
export type RunnerLaunch = { args: string[]; startupGraceMs: number };

// The bundle starts in a few hundred milliseconds (about 0.3 s idle, 0.6 s on a loaded 2-core
// machine); tsx compiles the TypeScript first and takes a second or two, more under load.
export const bundledLaunch = (bundle: string): RunnerLaunch => ({ args: ["--enable-source-maps", bundle], startupGraceMs: 10_000 });
export const tsxLaunch = (root: string): RunnerLaunch => ({ args: ["--import", "tsx", runnerSourcePath(root)], startupGraceMs: 20_000 });

/**
 * The compiled bundle (`npm start` and `npm test` build it) while it is current; its TypeScript
 * through tsx when the bundle is missing or older than a source (`npm run dev` after an edit).
 * The app runs from the project folder (npm start and the tests both do).
 */
export function runnerLaunch(root = process.cwd()): RunnerLaunch {
  const bundle = runnerBundlePath(root);
  return bundleIsCurrent(bundle, root) ? bundledLaunch(bundle) : tsxLaunch(root);
}

export function listToolsInRunner(request: RunnerRequest, launch = runnerLaunch()): Promise<Tool[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, launch.args, {
      cwd: process.cwd(),
      env: runnerEnvironment() as unknown as NodeJS.ProcessEnv,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    let outBytes = 0;
    let errTail = "";
    let failure: Error | null = null;
    const fail = (error: Error) => {
      failure ??= error;
      child.kill("SIGKILL");
    };
    const timer = setTimeout(() => fail(new UpstreamUnavailableError("The stdio runner did not answer in time")), request.timeoutMs + launch.startupGraceMs);
    child.stdout.on("data", (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > maxAnswerBytes) return fail(new UpstreamUnavailableError("The server's tool list is too large"));
      out.push(chunk);
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (errTail = (errTail + chunk).slice(-stderrTailBytes)));
    child.stdin.on("error", () => undefined);
    child.on("error", (error) => fail(new UpstreamUnavailableError(`Cannot start the stdio runner: ${error.message}`)));
    child.on("close", (code) => {
      clearTimeout(timer);
      if (failure) return reject(failure);
      const answer = parseAnswer(Buffer.concat(out).toString("utf8"));
      if (!answer) return reject(new UpstreamUnavailableError(`The stdio runner stopped (code ${code}) without an answer${errTail ? `: ${errTail.trim().split("\n").slice(-2).join(" | ")}` : ""}`));
      if (answer.ok) resolve(answer.tools);
      else reject(new UpstreamUnavailableError(answer.message));
    });
    child.stdin.end(JSON.stringify(request));
  });
}

function parseAnswer(text: string): RunnerAnswer | null {
  const line = text.trim().split("\n").pop();
  if (!line) return null;
  try {
    return JSON.parse(line) as RunnerAnswer;
  } catch {
    return null;
  }
}
