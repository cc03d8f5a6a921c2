// `npm start`: database (embedded unless DATABASE_URL is set) → migrations → `next build` when
// the build is missing or stale → the app, the gateway and the demo MLflow MCP server.
// `npm run dev` does the same with `next dev` (hot reload) instead of build + start.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { bootstrapDatabase, projectRoot } from "../lib/db-bootstrap";
import { buildGateway, buildStdioRunner, GATEWAY_NODE_FLAGS } from "./build-gateway";
import { buildIsCurrent, markBuildCurrent } from "./start/build-stamp";
import { bindPlan } from "./start/bind-plan";
import { assertPortFree } from "./start/ports";
import { localSecrets } from "./start/local-secrets";
import { startMailCatcher, type MailCatcher } from "../lib/mail/catcher";

const dev = process.argv.includes("--dev");
const appPort = Number(process.env.PORT ?? 3000);
const gatewayPort = Number(process.env.GATEWAY_PORT ?? 3100);
const demoPort = Number(process.env.MLFLOW_DEMO_PORT ?? 3200);
// Loopback unless the operator says otherwise: a fresh install is not reachable from the network.
const bind = bindPlan(process.env);
const host = bind.appHost;
const loopbackOnly = bind.loopbackOnly;
const children: ChildProcess[] = [];
let stopping = false;

const say = (line: string) => console.log(`\x1b[36m[warden]\x1b[0m ${line}`);

function run(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(command, args, { cwd: projectRoot, env, stdio: ["ignore", "inherit", "inherit"] });
  children.push(child);
  child.on("exit", (code, signal) => {
    if (!stopping) {
      say(`${name} exited (${signal ?? code}); stopping everything.`);
      void shutdown(1);
    }
  });
  return child;
}

const bin = (name: string) => join(projectRoot, "node_modules", ".bin", name);

async function nextBuild(env: NodeJS.ProcessEnv): Promise<void> {
  say("Building the web app (first start only; about a minute on 2 cores)…");
  const started = Date.now();
  const child = spawn(bin("next"), ["build"], { cwd: projectRoot, env, stdio: "inherit" });
  const code = await new Promise<number>((resolve) => child.on("exit", (c) => resolve(c ?? 1)));
  if (code !== 0) throw new Error(`next build failed (exit ${code})`);
  markBuildCurrent();
  say(`Built in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}

let database: Awaited<ReturnType<typeof bootstrapDatabase>> | undefined;
let mailCatcher: MailCatcher | undefined;

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
  await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : null)));
  await mailCatcher?.close();
  await database?.stop();
  process.exit(code);
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

async function main(): Promise<void> {
  for (const [port, what] of [[appPort, "PORT"], [gatewayPort, "GATEWAY_PORT"], [demoPort, "MLFLOW_DEMO_PORT"]] as const) {
    await assertPortFree(port, what);
  }
  say(process.env.DATABASE_URL ? "Migrating the database in DATABASE_URL…" : "Starting the embedded PostgreSQL (.warden/pg)…");
  database = await bootstrapDatabase({ notice: say });
  const appUrl = process.env.APP_URL ?? `http://localhost:${appPort}`;
  const gatewayUrl = process.env.GATEWAY_URL ?? `http://localhost:${gatewayPort}`;
  // No SMTP_URL: a local catcher on loopback keeps the mail (.warden/mail). Its inbox page holds
  // reset links, so the app shows it only while the app itself is reachable from this machine only.
  const mailDir = join(projectRoot, ".warden", "mail");
  if (!process.env.SMTP_URL) mailCatcher = await startMailCatcher({ dir: mailDir });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...localSecrets(),
    DATABASE_URL: database.url,
    APP_URL: appUrl,
    NEXTAUTH_URL: appUrl,
    GATEWAY_URL: gatewayUrl,
    GATEWAY_PORT: String(gatewayPort),
    GATEWAY_HOST: bind.gatewayHost,
    // The local demo registers an upstream on localhost, which the SSRF guard refuses otherwise.
    // Only while nothing listens beyond loopback: an exposed install must opt in.
    WARDEN_ALLOW_PRIVATE_UPSTREAMS: bind.allowPrivateUpstreams,
    WARDEN_DEMO_SERVER_URL: `http://localhost:${demoPort}/mcp`,
    ...(mailCatcher ? { SMTP_URL: mailCatcher.url, ...(loopbackOnly ? { WARDEN_MAIL_CATCHER_DIR: mailDir } : {}) } : {}),
    NEXT_TELEMETRY_DISABLED: "1",
  };
  if (dev) {
    run("app", bin("next"), ["dev", "-p", String(appPort), "-H", host], env);
  } else {
    if (!buildIsCurrent()) await nextBuild(env);
    // Built before the app starts: its "test connection & import" runs the bundle, not tsx.
    await buildStdioRunner();
    run("app", bin("next"), ["start", "-p", String(appPort), "-H", host], env);
  }
  if (dev) run("gateway", bin("tsx"), ["gateway/main.ts"], env);
  else run("gateway", process.execPath, [...GATEWAY_NODE_FLAGS, await buildGateway()], env);
  const demo = join("tests", "fixtures", "mlflow-mcp", "main.ts");
  if (existsSync(join(projectRoot, demo))) run("mlflow-demo", bin("tsx"), [demo, "--port", String(demoPort)], env);
  setTimeout(() => printUrls(appUrl, gatewayUrl), dev ? 4000 : 1500).unref();
}

function printUrls(appUrl: string, gatewayUrl: string): void {
  console.log(`
  Warden is running.

  Open ${appUrl}  and create an account.
  Gateway (point MCP clients here):   ${gatewayUrl}/mcp/<server id>
  Demo MLflow MCP server (Servers → Register → "Use the demo MLflow server"):   http://localhost:${demoPort}/mcp
  Database: ${database?.embedded ? `embedded PostgreSQL in ${database.location}` : "DATABASE_URL"}
  Mail: ${mailLine(appUrl)}

  Ctrl-C stops everything.
`);
}

function mailLine(appUrl: string): string {
  if (!mailCatcher) return "sent through SMTP_URL";
  if (!loopbackOnly) return `caught locally in .warden/mail (inbox page off while HOST=${host}; set SMTP_URL to send for real)`;
  return `caught locally, nothing leaves this machine; inbox at ${appUrl}/dev/mail`;
}

main().catch(async (error) => {
  console.error(`\n[warden] ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
