// Starts the real Next.js app (production build) on a free port against the test database.
// Builds first when the build is missing or older than the sources.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { freePort, projectRoot } from "@/lib/db-bootstrap";
import { buildIsCurrent, markBuildCurrent } from "@/scripts/start/build-stamp";

export type RunningApp = { url: string; stop(): Promise<void> };

// Every e2e journey signs up from 127.0.0.1: the sign-up throttle is raised so they do not queue.
function appEnv(port: number, extra: Record<string, string>): NodeJS.ProcessEnv {
  const url = `http://localhost:${port}`;
  return { ...process.env, APP_URL: url, NEXTAUTH_URL: url, NEXT_TELEMETRY_DISABLED: "1", WARDEN_SIGNUPS_PER_IP: "10000", ...extra };
}

async function buildOnce(env: NodeJS.ProcessEnv): Promise<void> {
  if (buildIsCurrent()) return;
  const child = spawn(join(projectRoot, "node_modules", ".bin", "next"), ["build"], { cwd: projectRoot, env, stdio: ["ignore", "ignore", "inherit"] });
  const code = await new Promise<number>((resolve) => child.on("exit", (c) => resolve(c ?? 1)));
  if (code !== 0) throw new Error(`next build failed (exit ${code})`);
  markBuildCurrent();
}

async function waitUntilUp(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/sign-in`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("The app did not answer within 60 s");
}

export async function startApp(extraEnv: Record<string, string> = {}): Promise<RunningApp> {
  const port = await freePort();
  const env = appEnv(port, extraEnv);
  await buildOnce(env);
  const child = spawn(join(projectRoot, "node_modules", ".bin", "next"), ["start", "-p", String(port)], {
    cwd: projectRoot,
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://localhost:${port}`;
  await waitUntilUp(url, child);
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}
