// "A tenant's command never runs inside the Next.js app process": test connection & import runs
// the command in a separate short-lived runner (lib/upstream/runner), whose environment holds none
// of the app's secrets. This test process plays the app.
import { describe, expect, test, vi } from "vitest";
import { POST as registerRoute } from "@/app/api/v1/servers/route";
import { db } from "@/lib/db";
import { runnerEnvironment } from "@/lib/upstream/runner/list-tools";
import { makeAccount, makeApiKey } from "../helpers/factories";
import { tinyStdioServer, type TinyReport } from "../helpers/tiny-stdio-server";

vi.hoisted(() => {
  process.env.WARDEN_ALLOW_STDIO = "1";
});


const register = (key: string, body: unknown) =>
  registerRoute(new Request("http://localhost/api/v1/servers", { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) }), { params: Promise.resolve({}) });

describe("the stdio runner", () => {
  test("the command's parent is the runner, not the app process; the import still works", async () => {
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
    expect(seen.parent).toContain("stdio-runner.ts");
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
