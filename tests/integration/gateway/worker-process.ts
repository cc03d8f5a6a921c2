// A gateway worker as its own process (`tsx gateway/main.ts`, or the compiled bundle `npm start`
// runs), for tests that need several workers or a worker that must survive its database going away.
import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildGateway } from "@/scripts/build-gateway";

const root = fileURLToPath(new URL("../../../", import.meta.url));

// One bundle per test process: files running in parallel never overwrite each other's.
let bundle: Promise<string> | undefined;
const compiledGateway = () => (bundle ??= buildGateway(join(root, ".warden", "build", `gateway-test-${process.pid}.mjs`)));

export type WorkerProcess = { url: string; port: number; child: ChildProcess; output: () => string; stop(): Promise<number | null> };

export async function startWorkerProcess(env: Record<string, string> = {}, options: { compiled?: boolean } = {}): Promise<WorkerProcess> {
  let output = "";
  const child = fork(options.compiled ? await compiledGateway() : `${root}gateway/main.ts`, [], {
    cwd: root,
    execArgv: options.compiled ? ["--enable-source-maps"] : ["--import", "tsx"],
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      DATABASE_URL: process.env.DATABASE_URL ?? "",
      WARDEN_ENCRYPTION_KEYS: process.env.WARDEN_ENCRYPTION_KEYS ?? "",
      WARDEN_ALLOW_PRIVATE_UPSTREAMS: "1",
      WARDEN_ALLOW_STDIO: "1",
      GATEWAY_PORT: "0",
      GATEWAY_LOG_LEVEL: "warn",
      ...env,
    } as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway worker did not start:\n${output}`)), 30_000);
    child.on("message", (message: { type?: string; port?: number }) => {
      if (message.type === "listening" && message.port) {
        clearTimeout(timer);
        resolve(message.port);
      }
    });
    child.once("exit", (code) => reject(new Error(`gateway worker exited (${code}):\n${output}`)));
  });
  const stop = () => {
    if (child.exitCode !== null) return Promise.resolve(child.exitCode);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    return exited;
  };
  return { url: `http://127.0.0.1:${port}`, port, child, output: () => output, stop };
}
