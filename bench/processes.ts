// The processes a benchmark measures: the MLflow stand-in, gateway workers and (when installed)
// mcp-proxy, each its own process so its CPU time and peak memory can be read from /proc.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, openSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { freePort, projectRoot } from "@/lib/db-bootstrap";
import { buildGateway, GATEWAY_NODE_FLAGS } from "@/scripts/build-gateway";

export const STANDIN_MAIN = join(projectRoot, "tests", "fixtures", "mlflow-mcp", "main.ts");

export type StdioCommand = { command: string; args: string[] };

/**
 * The stdio server every stdio measurement sits in front of: the MLflow stand-in, or
 * `@modelcontextprotocol/server-everything` (the server) with BENCH_UPSTREAM=everything
 * when it is installed (node_modules, or the path in BENCH_EVERYTHING).
 */
export function stdioUpstream(): { command: StdioCommand; call: { name: string; arguments: Record<string, unknown> }; name: string } {
  if (process.env.BENCH_UPSTREAM === "everything") {
    const main = process.env.BENCH_EVERYTHING ?? join(projectRoot, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");
    if (!existsSync(main)) throw new Error(`BENCH_UPSTREAM=everything: ${main} is missing (npm install @modelcontextprotocol/server-everything, or set BENCH_EVERYTHING)`);
    return { name: "server-everything", command: { command: process.execPath, args: [main, "stdio"] }, call: { name: "echo", arguments: { message: "churn-prediction" } } };
  }
  return { name: "MLflow stand-in", command: { command: process.execPath, args: ["--import", "tsx", STANDIN_MAIN, "--stdio"] }, call: { name: "get_experiment_by_name", arguments: { name: "churn-prediction" } } };
}
const ticksPerSecond = 100;

export type Proc = { name: string; child: ChildProcess; url: string; stop(): Promise<void> };

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** CPU seconds a process has used so far, user and system (kernel) apart. */
export function cpuSplit(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { user: Number(fields[11]) / ticksPerSecond, system: Number(fields[12]) / ticksPerSecond };
}

/** Peak resident memory (VmHWM) in MB. */
export function peakRssMb(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : 0;
}

function startProcess(name: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp, stdout: "pipe" | number = "pipe"): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { cwd: projectRoot, env, stdio: ["ignore", stdout, "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        // Keep draining the pipes (logs) so the process never blocks on a full pipe.
        child.stdout?.removeListener("data", onData);
        child.stderr!.removeListener("data", onData);
        child.stdout?.resume();
        child.stderr!.resume();
        resolve(child);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${name} exited (${code}):\n${output}`)));
  });
}

async function waitForPort(port: number): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => socket.end(() => resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on port ${port} after 60 s`);
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

/** How a gateway process is started: the compiled bundle (as `npm start`) unless told otherwise. */
export type GatewayLaunch = { tsx?: boolean; sourceMaps?: boolean; port?: number; stdout?: "pipe" | "null"; /** Write a V8 CPU profile here. */ profileDir?: string; /** Extra node flags. */ nodeArgs?: string[]; /** Another build of the gateway (e.g. an earlier commit's, for before/after). */ bundle?: string };

export async function startGatewayProcess(databaseUrl: string, extraEnv: Record<string, string> = {}, launch: GatewayLaunch = {}): Promise<Proc> {
  const port = launch.port ?? (await freePort());
  const env = {
    ...process.env, DATABASE_URL: databaseUrl, GATEWAY_PORT: String(port), GATEWAY_LOG_LEVEL: "info",
    WARDEN_ALLOW_PRIVATE_UPSTREAMS: "1", WARDEN_ALLOW_STDIO: "1",
    // The benchmark's servers have no secrets; a throwaway key satisfies the gateway's check.
    WARDEN_ENCRYPTION_KEYS: process.env.WARDEN_ENCRYPTION_KEYS ?? `bench:${randomBytes(32).toString("base64")}`,
    ...extraEnv,
  };
  // BENCH_PROFILE=1 writes a V8 CPU profile of each gateway process to .warden/profiles.
  const profileDir = launch.profileDir ?? (process.env.BENCH_PROFILE ? join(projectRoot, ".warden", "profiles") : undefined);
  const profile = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  // The compiled bundle, as `npm start` runs it (not TypeScript transpiled at run time).
  const entry = launch.tsx
    ? ["--import", "tsx", join(projectRoot, "gateway", "main.ts")]
    : [...GATEWAY_NODE_FLAGS.filter((flag) => launch.sourceMaps !== false || flag !== "--enable-source-maps"), ...(launch.nodeArgs ?? []), launch.bundle ?? (await gatewayBundle())];
  // Ready when its port accepts connections (at log level warn there is no "listening" line to wait for).
  const child = spawn(process.execPath, [...profile, ...entry], { cwd: projectRoot, env, stdio: ["ignore", launch.stdout === "null" ? openSync("/dev/null", "w") : "pipe", "pipe"] });
  child.stdout?.resume(); // drained, so the worker never blocks on a full pipe
  let errors = "";
  child.stderr!.on("data", (chunk: Buffer) => void (errors = (errors + chunk.toString()).slice(-4_000)));
  await Promise.race([
    waitForPort(port),
    new Promise((_, reject) => child.once("exit", (code) => reject(new Error(`gateway exited (${code}):\n${errors}`)))),
  ]);
  return { name: "gateway", child, url: `http://127.0.0.1:${port}`, stop: stopper(child) };
}

let bundled: Promise<string> | undefined;
function gatewayBundle(): Promise<string> {
  bundled ??= buildGateway(join(projectRoot, ".warden", "build", "gateway-bench.mjs"));
  return bundled;
}

/** bench/bare-relay.mjs in front of `upstream` (a stdio command, or an HTTP URL): the leanest Node relay, a yardstick for Node's own share. */
export async function startBareRelay(upstream: StdioCommand | { url: string }): Promise<Proc> {
  const port = await freePort();
  const to = "url" in upstream ? ["--http", upstream.url] : [upstream.command, ...(upstream.args ?? [])];
  const args = [join(projectRoot, "bench", "bare-relay.mjs"), String(port), ...to];
  const child = await startProcess("bare relay", args, { ...process.env }, /bare relay listening/);
  return { name: "bare relay", child, url: `http://127.0.0.1:${port}/mcp`, stop: stopper(child) };
}

/** mcp-proxy 6.x (HTTP → stdio), when it is installed; the benchmark says so when it is not. */
export async function startMcpProxy(upstream: StdioCommand): Promise<Proc | null> {
  const cli = join(projectRoot, "node_modules", "mcp-proxy", "dist", "bin", "mcp-proxy.mjs");
  if (!existsSync(cli)) return null;
  const port = await freePort();
  const args = [cli, "--port", String(port), "--", upstream.command, ...upstream.args];
  const child = await startProcess("mcp-proxy", args, { ...process.env }, /starting server on port/);
  await waitForPort(port); // it prints that line just before it listens
  return { name: "mcp-proxy", child, url: `http://127.0.0.1:${port}/mcp`, stop: stopper(child) };
}
