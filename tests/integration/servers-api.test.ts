// REST API for servers against the real MLflow stand-in over streamable HTTP: register →
// catalog imported and classified; secrets reach the upstream but never leave Warden; drift is
// quarantined and reviewed; an unreachable upstream is a status, not a crash; tenancy and roles.
import { describe, expect, test } from "vitest";
import { GET as listRoute, POST as registerRoute } from "@/app/api/v1/servers/route";
import { DELETE as deleteRoute, GET as getRoute } from "@/app/api/v1/servers/[id]/route";
import { POST as syncRoute } from "@/app/api/v1/servers/[id]/sync/route";
import { GET as toolsRoute } from "@/app/api/v1/servers/[id]/tools/route";
import { POST as approveRoute } from "@/app/api/v1/servers/[id]/tools/[tool]/approve/route";
import { POST as keepRoute } from "@/app/api/v1/servers/[id]/tools/[tool]/keep-blocked/route";
import { PATCH as secretsRoute } from "@/app/api/v1/servers/[id]/secrets/route";
import { db } from "@/lib/db";
import { startMlflowHttpServer } from "../fixtures/mlflow-mcp";
import { usePrivateStandins } from "../helpers/private-standins";
import { makeAccount, makeApiKey } from "../helpers/factories";
import { tablesContaining } from "./servers-helpers";

const SECRET = "Bearer mlflow-token-6f1d2c9a-do-not-leak";

const standins = usePrivateStandins("mlflow");

function call(method: string, token: string, body?: unknown) {
  return new Request("http://localhost/api/v1/servers", {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
const params = (p: Record<string, string> = {}) => ({ params: Promise.resolve(p) });

async function tenant(label: string, role: "admin" | "viewer" | "editor" = "admin") {
  const account = await makeAccount(label);
  return { ...account, key: (await makeApiKey(account.org.id, role)).token };
}

async function register(key: string, body: Record<string, unknown> = {}) {
  return registerRoute(call("POST", key, { name: "MLflow", transport: "http", url: standins.mlflow.url, ...body }), params());
}

describe("servers API", () => {
  test("register over HTTP imports and classifies all 40 tools", async () => {
    const t = await tenant("srv-happy");
    const response = await register(t.key);
    expect(response.status).toBe(201);
    const server = await response.json();
    expect(server).toMatchObject({ name: "MLflow", transport: "http", status: "connected", toolCount: 40 });
    expect(server.id).toMatch(/^srv_/);
    const tools = (await (await toolsRoute(call("GET", t.key), params({ id: server.id }))).json()).data as { name: string; class: string; risk: string; fingerprint: string }[];
    expect(tools).toHaveLength(40);
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    expect(byName.get("get_experiments")).toMatchObject({ class: "read" });
    expect(byName.get("set_experiment_tag")).toMatchObject({ class: "write" });
    expect(byName.get("delete_experiment")).toMatchObject({ class: "delete", risk: "high" });
    expect(tools.every((tool) => /^[0-9a-f]{64}$/.test(tool.fingerprint))).toBe(true);
    const list = await (await listRoute(call("GET", t.key), params())).json();
    expect(list.data.map((s: { id: string }) => s.id)).toEqual([server.id]);
  });

  test("header values are sent upstream, stored encrypted, and never returned", async () => {
    const t = await tenant("srv-secret");
    standins.mlflow.requests.length = 0;
    const response = await register(t.key, { headers: { Authorization: SECRET, "X-Team": "ml-platform-secret-team" } });
    const server = await response.json();
    expect(standins.mlflow.requests.some((r) => r.headers.authorization === SECRET)).toBe(true);
    expect(server.secrets).toEqual({ Authorization: "set", "X-Team": "set" });
    const row = await db.mcpServer.findUniqueOrThrow({ where: { id: server.id } });
    expect(row.secretNames).toEqual(["Authorization", "X-Team"]);
    expect(row.secretsKeyId).toBe("test");
    const answers = [
      JSON.stringify(server),
      await (await getRoute(call("GET", t.key), params({ id: server.id }))).text(),
      await (await listRoute(call("GET", t.key), params())).text(),
      await (await syncRoute(call("POST", t.key), params({ id: server.id }))).text(),
    ];
    for (const text of answers) expect(text).not.toContain("mlflow-token-6f1d2c9a");
    expect(await tablesContaining("mlflow-token-6f1d2c9a")).toEqual([]);
    expect(await tablesContaining("ml-platform-secret-team")).toEqual([]);
    expect(await tablesContaining(row.secretsCiphertext!)).toEqual(["mcp_servers"]);
  });

  test("secrets can be replaced and removed by name, write-only", async () => {
    const t = await tenant("srv-rotate");
    const server = await (await register(t.key, { headers: { Authorization: "Bearer old-value-1" } })).json();
    const patched = await secretsRoute(call("PATCH", t.key, { secrets: { Authorization: "Bearer new-value-2", "X-Extra": "extra-3" } }), params({ id: server.id }));
    expect((await patched.json()).secrets).toEqual({ Authorization: "set", "X-Extra": "set" });
    standins.mlflow.requests.length = 0;
    await syncRoute(call("POST", t.key), params({ id: server.id }));
    expect(standins.mlflow.requests.some((r) => r.headers.authorization === "Bearer new-value-2" && r.headers["x-extra"] === "extra-3")).toBe(true);
    const removed = await secretsRoute(call("PATCH", t.key, { secrets: { "X-Extra": null } }), params({ id: server.id }));
    expect((await removed.json()).secrets).toEqual({ Authorization: "set" });
    const bad = await secretsRoute(call("PATCH", t.key, { secrets: { "bad header": "x" } }), params({ id: server.id }));
    expect(bad.status).toBe(422);
  });

  test("after the operator adds a new primary key, a sync re-encrypts the secrets with it", async () => {
    const t = await tenant("srv-keys");
    const server = await (await register(t.key, { headers: { Authorization: "Bearer rotate-me" } })).json();
    const before = await db.mcpServer.findUniqueOrThrow({ where: { id: server.id } });
    const oldKeys = process.env.WARDEN_ENCRYPTION_KEYS!;
    process.env.WARDEN_ENCRYPTION_KEYS = `k2:${Buffer.alloc(32, 9).toString("base64")},${oldKeys}`;
    try {
      standins.mlflow.requests.length = 0;
      expect((await (await syncRoute(call("POST", t.key), params({ id: server.id }))).json()).status).toBe("connected");
      const after = await db.mcpServer.findUniqueOrThrow({ where: { id: server.id } });
      expect(before.secretsKeyId).toBe("test");
      expect(after.secretsKeyId).toBe("k2");
      expect(after.secretsCiphertext).not.toBe(before.secretsCiphertext);
      await syncRoute(call("POST", t.key), params({ id: server.id }));
      expect(standins.mlflow.requests.filter((r) => r.headers.authorization === "Bearer rotate-me").length).toBeGreaterThan(0);
    } finally {
      process.env.WARDEN_ENCRYPTION_KEYS = oldKeys;
    }
  });

  test("a changed tool is quarantined on sync; approve makes the new definition the approved one", async () => {
    const t = await tenant("srv-drift");
    const server = await (await register(t.key)).json();
    await standins.mlflow.driftTool("get_run", { description: "Also uploads your run to a third party." });
    await standins.mlflow.driftTool("query_runs", { description: "Searches runs, and now also exports them." });
    try {
      const synced = await (await syncRoute(call("POST", t.key), params({ id: server.id }))).json();
      expect(synced.changes.quarantined.sort()).toEqual(["get_run", "query_runs"]);
      expect(synced.quarantinedCount).toBe(2);
      const tools = (await (await toolsRoute(call("GET", t.key), params({ id: server.id }))).json()).data;
      const getRun = tools.find((tool: { name: string }) => tool.name === "get_run");
      expect(getRun).toMatchObject({ status: "quarantined", pendingChange: { description: "Also uploads your run to a third party." } });
      expect((await approveRoute(call("POST", t.key), params({ id: server.id, tool: "get_run" }))).status).toBe(200);
      expect((await keepRoute(call("POST", t.key), params({ id: server.id, tool: "query_runs" }))).status).toBe(200);
      const after = await db.tool.findMany({ where: { serverId: server.id, name: { in: ["get_run", "query_runs"] } }, orderBy: { name: "asc" } });
      expect(after.map((tool) => [tool.name, tool.status])).toEqual([["get_run", "active"], ["query_runs", "quarantined"]]);
      expect(after[0]!.description).toBe("Also uploads your run to a third party.");
      expect(after[0]!.fingerprint).toBe(getRun.pendingChange.fingerprint);
      expect((await approveRoute(call("POST", t.key), params({ id: server.id, tool: "get_run" }))).status).toBe(409);
      const events = await db.auditEvent.findMany({ where: { orgId: t.org.id, method: "catalog/review" }, orderBy: { id: "asc" } });
      expect(events.map((e) => e.decision)).toEqual(["drift_approved", "drift_kept_blocked"]);
    } finally {
      await standins.mlflow.setDrift({});
    }
  });

  test("an upstream that is down: registration stores nothing; a sync records the error", async () => {
    const t = await tenant("srv-down");
    const other = await startMlflowHttpServer({ port: 0 });
    const server = await (await register(t.key, { url: other.url })).json();
    await other.close();
    const synced = await (await syncRoute(call("POST", t.key), params({ id: server.id }))).json();
    expect(synced.status).toBe("error");
    expect(synced.statusMessage).toBeTruthy();
    expect(synced.toolCount).toBe(40);
    const refused = await register(t.key, { name: "Gone", url: other.url });
    expect(refused.status).toBe(422);
    expect((await refused.json()).error).toMatchObject({ pointer: "/url" });
    expect(await db.mcpServer.count({ where: { orgId: t.org.id } })).toBe(1);
  });

  test("bad input names the field and stores nothing", async () => {
    const t = await tenant("srv-bad");
    const cases: [Record<string, unknown>, string][] = [
      [{ name: "" }, "/name"],
      [{ url: "not a url" }, "/url"],
      [{ headers: { "Bad Header": "x" } }, "/headers/Bad Header"],
      [{ headers: { Host: "evil" } }, "/headers/Host"],
      [{ transport: "carrier-pigeon" }, "/transport"],
    ];
    for (const [body, pointer] of cases) {
      const response = await register(t.key, body);
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect((await response.json()).error.pointer).toBe(pointer);
    }
    const stdio = await registerRoute(call("POST", t.key, { name: "S", transport: "stdio", command: "uvx", args: ["mlflow-mcp"] }), params());
    expect(stdio.status).toBe(422);
    expect((await stdio.json()).error).toMatchObject({ pointer: "/transport", message: expect.stringContaining("WARDEN_ALLOW_STDIO") });
    await register(t.key);
    const dupe = await register(t.key);
    expect(dupe.status).toBe(409);
    expect((await dupe.json()).error.pointer).toBe("/name");
    expect(await db.mcpServer.count({ where: { orgId: t.org.id } })).toBe(1);
  });

  test("org B's server ids with org A's key are 404 on every route, and nothing changes", async () => {
    const a = await tenant("srv-a");
    const b = await tenant("srv-b");
    const serverB = await (await register(b.key, { headers: { Authorization: "Bearer b-secret" } })).json();
    const id = { id: serverB.id };
    expect((await getRoute(call("GET", a.key), params(id))).status).toBe(404);
    expect((await toolsRoute(call("GET", a.key), params(id))).status).toBe(404);
    expect((await syncRoute(call("POST", a.key), params(id))).status).toBe(404);
    expect((await secretsRoute(call("PATCH", a.key, { secrets: { Authorization: "Bearer hijack" } }), params(id))).status).toBe(404);
    expect((await approveRoute(call("POST", a.key), params({ ...id, tool: "get_run" }))).status).toBe(404);
    expect((await keepRoute(call("POST", a.key), params({ ...id, tool: "get_run" }))).status).toBe(404);
    expect((await deleteRoute(call("DELETE", a.key), params(id))).status).toBe(404);
    expect((await (await listRoute(call("GET", a.key), params())).json()).data).toEqual([]);
    expect(await db.mcpServer.count({ where: { id: serverB.id } })).toBe(1);
    expect(await db.tool.count({ where: { serverId: serverB.id } })).toBe(40);
  });

  test("viewers and editors read; only admins register, sync, change secrets and delete", async () => {
    const t = await tenant("srv-roles");
    const server = await (await register(t.key)).json();
    for (const role of ["viewer", "editor"] as const) {
      const key = (await makeApiKey(t.org.id, role)).token;
      expect((await getRoute(call("GET", key), params({ id: server.id }))).status).toBe(200);
      expect((await toolsRoute(call("GET", key), params({ id: server.id }))).status).toBe(200);
      expect((await register(key, { name: `By ${role}` })).status).toBe(403);
      expect((await syncRoute(call("POST", key), params({ id: server.id }))).status).toBe(403);
      expect((await secretsRoute(call("PATCH", key, { secrets: { A: "b" } }), params({ id: server.id }))).status).toBe(403);
      expect((await deleteRoute(call("DELETE", key), params({ id: server.id }))).status).toBe(403);
    }
    expect((await deleteRoute(call("DELETE", t.key), params({ id: server.id }))).status).toBe(204);
    expect(await db.tool.count({ where: { serverId: server.id } })).toBe(0);
  });
});
