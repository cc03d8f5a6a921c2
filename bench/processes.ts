// The processes a benchmark measures: the MLflow stand-in, gateway workers and (when installed)
// mcp-proxy, each its own process so its CPU time and peak memory can be read from /proc.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { freePort, projectRoot } from "@/lib/db-bootstrap";
import { buildGateway } from "@/scripts/build-gateway";

export const STANDIN_MAIN = join(projectRoot, "tests", "fixtures", "mlflow-mcp", "main.ts");
const ticksPerSecond = 100;

export type Proc = { name: string; child: ChildProcess; url: string; stop(): Promise<void> };

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** Peak resident memory (VmHWM) in MB. */
export function peakRssMb(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : 0;
}

function startProcess(name: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { cwd: projectRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        // Keep draining the pipes (logs) so the process never blocks on a full pipe.
        child.stdout!.removeListener("data", onData);
        child.stderr!.removeListener("data", onData);
        child.stdout!.resume();
        child.stderr!.resume();
        resolve(child);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${name} exited (${code}):\n${output}`)));
  });
}

async function waitForPort(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => socket.end(() => resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on port ${port} after 10 s`);
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
}

export async function startStandinProcess(): Promise<Proc> {
  const port = await freePort();
  const child = await startProcess("stand-in", ["--import", "tsx", STANDIN_MAIN, "--port", String(port)], { ...process.env }, /listening on/);
  return { name: "stand-in", child, url: `http://127.0.0.1:${port}/mcp`, stop: stopper(child) };
}

export async function startGatewayProcess(databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<Proc> {
  const port = await freePort();
  const env = {
    ...process.env, DATABASE_URL: databaseUrl, GATEWAY_PORT: String(port), GATEWAY_LOG_LEVEL: "info",
    WARDEN_ALLOW_PRIVATE_UPSTREAMS: "1", WARDEN_ALLOW_STDIO: "1",
    // The benchmark's servers have no secrets; a throwaway key satisfies the gateway's check.
    WARDEN_ENCRYPTION_KEYS: process.env.WARDEN_ENCRYPTION_KEYS ?? `bench:${randomBytes(32).toString("base64")}`,
    ...extraEnv,
  };
  // BENCH_PROFILE=1 writes a V8 CPU profile of each gateway process to .warden/profiles.
  const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${join(projectRoot, ".warden", "profiles")}`] : [];
  // The compiled bundle, as `npm start` runs it (not TypeScript transpiled at run time).
  const bundle = await buildGateway(join(projectRoot, ".warden", "build", "gateway-bench.mjs"));
  const child = await startProcess("gateway", [...profile, "--enable-source-maps", bundle], env, /gateway listening/);
  return { name: "gateway", child, url: `http://127.0.0.1:${port}`, stop: stopper(child) };
}

/** mcp-proxy 6.x (HTTP → stdio), when it is installed; the benchmark says so when it is not. */
export async function startMcpProxy(): Promise<Proc | null> {
  const cli = join(projectRoot, "node_modules", "mcp-proxy", "dist", "bin", "mcp-proxy.mjs");
  if (!existsSync(cli)) return null;
  const port = await freePort();
  const args = [cli, "--port", String(port), "--", process.execPath, "--import", "tsx", STANDIN_MAIN, "--stdio"];
  const child = await startProcess("mcp-proxy", args, { ...process.env }, /starting server on port/);
  await waitForPort(port); // it prints that line just before it listens
  return { name: "mcp-proxy", child, url: `http://127.0.0.1:${port}/mcp`, stop: stopper(child) };
}
