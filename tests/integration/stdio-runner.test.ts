// "A tenant's command never runs inside the Next.js app process": test connection & import runs
// the command in a separate short-lived runner (lib/upstream/runner), whose environment holds none
// of the app's secrets. This test process plays the app. The runner runs as the bundle `npm start`
// builds, or through tsx when that bundle is missing or stale; both keep the same guarantees.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { POST as registerRoute } from "@/app/api/v1/servers/route";
import { db } from "@/lib/db";
import { projectRoot } from "@/lib/db-bootstrap";
import { bundledLaunch, listToolsInRunner, runnerEnvironment, runnerLaunch, tsxLaunch } from "@/lib/upstream/runner/list-tools";
import { bundleInputsPath, runnerBundlePath } from "@/lib/upstream/runner/runner-bundle";
import { buildStdioRunner } from "@/scripts/build-gateway";
import { makeAccount, makeApiKey } from "../helpers/factories";
import { tinyStdioServer, type TinyReport } from "../helpers/tiny-stdio-server";

vi.hoisted(() => {
  process.env.WARDEN_ALLOW_STDIO = "1";
});


const register = (key: string, body: unknown) =>
  registerRoute(new Request("http://localhost/api/v1/servers", { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) }), { params: Promise.resolve({}) });

// `npm test` builds it already; building again here keeps this file right under plain vitest too.
beforeAll(() => buildStdioRunner(), 60_000);

describe("the stdio runner", () => {
  test("the command's parent is the runner's bundle, not the app process; the import still works", async () => {
    const { org } = await makeAccount("runner");
    const key = (await makeApiKey(org.id, "admin")).token;
    process.env.WARDEN_TEST_APP_SECRET = "app-only-secret";
    const response = await register(key, { name: "Tiny", transport: "stdio", command: process.execPath, args: ["-e", tinyStdioServer], env: { TINY_TOKEN: "t" } });
    expect(response.status).toBe(201);
    const server = await response.json();
    expect(server).toMatchObject({ status: "connected", toolCount: 1 });
    const tools = await db.tool.findMany({ where: { serverId: server.id }, select: { description: true } });
    const seen = JSON.parse(tools[0]!.description) as TinyReport;
    expect(seen.ppid).not.toBe(process.pid);
    expect(seen.parent).toContain(join(".warden", "build", "stdio-runner.mjs"));
    expect(seen.env).toEqual(["HOME", "PATH", "TINY_TOKEN"]);
  });

  test.each([
    ["the bundle", () => bundledLaunch(runnerBundlePath(projectRoot)), "stdio-runner.mjs"],
    ["tsx, the fallback", () => tsxLaunch(projectRoot), "stdio-runner.ts"],
  ])("run as %s, the runner gives the command the same narrow environment", async (_name, launch, file) => {
    process.env.WARDEN_TEST_APP_SECRET = "app-only-secret";
    const tools = await listToolsInRunner({ command: process.execPath, args: ["-e", tinyStdioServer], env: { TINY_TOKEN: "t" }, timeoutMs: 15_000 }, launch());
    const seen = JSON.parse(tools[0]!.description!) as TinyReport;
    expect(seen.ppid).not.toBe(process.pid);
    expect(seen.parent).toContain(file);
    expect(seen.env).toEqual(["HOME", "PATH", "TINY_TOKEN"]);
  });

  test("the runner's own environment keeps none of the app's secrets", () => {
    const appEnv = { PATH: "/usr/bin", DATABASE_URL: "postgres://u:p@h/db", WARDEN_ENCRYPTION_KEYS: "k1:abc", NEXTAUTH_SECRET: "s", SMTP_URL: "smtp://u:p@h", TMPDIR: "/tmp" };
    expect(runnerEnvironment(appEnv)).toEqual({ PATH: "/usr/bin", TMPDIR: "/tmp" });
  });

  test("a command that fails to start is reported, and the runner does not hang", async () => {
    const { org } = await makeAccount("runner-bad");
    const key = (await makeApiKey(org.id, "admin")).token;
    const response = await register(key, { name: "Broken", transport: "stdio", command: process.execPath, args: ["-e", "process.exit(3)"] });
    expect(response.status).toBe(422);
    expect((await response.json()).error.message).toMatch(/Could not connect.*exited with code 3/);
  });
});

describe("which runner the app starts", () => {
  // A project folder of its own, so touching a source here never makes the real bundle stale.
  type Project = { root: string; bundle: string; source: string };
  const folders: string[] = [];
  afterEach(() => {
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });
  const project = (): Project => {
    const root = mkdtempSync(join(tmpdir(), "warden-runner-bundle-"));
    folders.push(root);
    const bundle = runnerBundlePath(root);
    const source = join(root, "lib", "a.ts");
    mkdirSync(join(root, "lib"), { recursive: true });
    mkdirSync(join(root, ".warden", "build"), { recursive: true });
    writeFileSync(source, "");
    writeFileSync(bundleInputsPath(bundle), JSON.stringify(["lib/a.ts"]));
    writeFileSync(bundle, "");
    at(source, 1_000);
    at(bundle, 2_000);
    return { root, bundle, source };
  };
  const at = (path: string, seconds: number) => utimesSync(path, seconds, seconds);
  const launched = (root: string) => runnerLaunch(root).args.at(-1);

  test("the bundle while no source is newer, with less start-up grace; tsx once one is", () => {
    const p = project();
    expect(launched(p.root)).toBe(p.bundle);
    expect(runnerLaunch(p.root).startupGraceMs).toBeLessThan(tsxLaunch(p.root).startupGraceMs);
    at(p.source, 3_000);
    expect(launched(p.root)).toBe(join(p.root, "lib", "upstream", "runner", "stdio-runner.ts"));
  });

  test.each<[string, (p: Project) => void]>([
    ["no bundle", (p) => rmSync(p.bundle)],
    ["no list of sources", (p) => rmSync(bundleInputsPath(p.bundle))],
    ["an unreadable list", (p) => writeFileSync(bundleInputsPath(p.bundle), "not json")],
    ["an empty list", (p) => writeFileSync(bundleInputsPath(p.bundle), "[]")],
    ["a source that is gone", (p) => rmSync(p.source)],
  ])("tsx with %s", (_name, spoil) => {
    const p = project();
    spoil(p);
    expect(launched(p.root)).toMatch(/stdio-runner\.ts$/);
  });
});
