// A tenant's stdio command: narrowed by the operator's lists, and its child cannot read the
// gateway's secrets (a 0600 secrets file, the parent's /proc environ) nor inherit its env.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test, vi } from "vitest";
import { POST as registerRoute } from "@/app/api/v1/servers/route";
import { StdioTransport } from "@/lib/upstream/stdio-transport";
import { stdioUserId } from "@/lib/upstream/stdio-isolation";
import { makeAccount, makeApiKey } from "../helpers/factories";

vi.hoisted(() => {
  process.env.WARDEN_ALLOW_STDIO = "1";
  process.env.WARDEN_STDIO_COMMANDS = "uvx,npx";
  process.env.WARDEN_STDIO_ORGS = "only-this-org";
});

const register = (key: string, body: unknown) =>
  registerRoute(new Request("http://localhost/api/v1/servers", { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) }), { params: Promise.resolve({}) });

describe("operator lists", () => {
  test("a command outside WARDEN_STDIO_COMMANDS is refused at the command field, before anything runs", async () => {
    const { org } = await makeAccount("stdiocmd");
    const response = await register((await makeApiKey(org.id)).token, { name: "bash", transport: "stdio", command: "/bin/bash", args: ["-c", "echo pwned"] });
    expect(response.status).toBe(422);
    expect((await response.json()).error.message).toMatch(/only these stdio commands: uvx, npx/);
  });

  test("an organization outside WARDEN_STDIO_ORGS is refused even with an allowed command", async () => {
    const { org } = await makeAccount("stdioorg");
    const response = await register((await makeApiKey(org.id)).token, { name: "uvx", transport: "stdio", command: "uvx", args: ["mcp-server-time"] });
    expect(response.status).toBe(422);
    expect((await response.json()).error.message).toMatch(/not enabled for this organization/);
  });
});

/** Runs a node one-liner as a stdio child and returns what it printed on stdout before exiting. */
async function runChild(script: string, env: Record<string, string> = {}): Promise<string> {
  const lines: string[] = [];
  const transport = new StdioTransport({ command: process.execPath, args: ["-e", script], env });
  transport.onmessage = (message) => lines.push(JSON.stringify(message));
  const closed = new Promise<void>((resolve) => (transport.onclose = () => resolve()));
  await transport.start();
  await closed;
  return lines.map((l) => JSON.parse(l) as { result: unknown }).map((m) => JSON.stringify(m.result)).join("\n");
}

const report = (expr: string) => `
  const fs = require("fs");
  const probe = (f) => { try { f(); return "read"; } catch (e) { return e.code; } };
  process.stdout.write(JSON.stringify({ jsonrpc: "2.0", id: 1, result: ${expr} }) + "\\n");`;

describe("the child process", () => {
  test("gets PATH, its own HOME and its own env, nothing of the parent's", async () => {
    process.env.WARDEN_TEST_PARENT_SECRET = "parent-only";
    const out = JSON.parse(await runChild(report("{ keys: Object.keys(process.env).sort(), home: process.env.HOME }"), { SERVER_VAR: "x" })) as { keys: string[]; home: string };
    expect(out.keys).toEqual(["HOME", "PATH", "SERVER_VAR"]);
    expect(out.home).toMatch(/warden-stdio-/);
  });

  test.runIf(stdioUserId() !== null)("as root: runs as another user, cannot read a 0600 secrets file nor the parent's /proc environ", async () => {
    const dir = mkdtempSync(join(tmpdir(), "warden-secrets-"));
    const secrets = join(dir, "secrets.json");
    writeFileSync(secrets, JSON.stringify({ AUTH_SECRET: "x" }), { mode: 0o600 });
    const out = JSON.parse(await runChild(report(`{ uid: process.getuid(), secrets: probe(() => fs.readFileSync(${JSON.stringify(secrets)})), environ: probe(() => fs.readFileSync("/proc/${process.pid}/environ")) }`))) as Record<string, unknown>;
    expect(out).toEqual({ uid: stdioUserId(), secrets: "EACCES", environ: "EACCES" });
  });
});
