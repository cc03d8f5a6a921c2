// REST API for policies: create → version 1, PUT → a new immutable version, 422 with a pointer on
// a bad document (nothing stored), other organizations' ids are 404, viewers cannot write.
import pg from "pg";
import { describe, expect, test } from "vitest";
import { GET as listRoute, POST as createRoute } from "@/app/api/v1/policies/route";
import { GET as getRoute, PUT as putRoute } from "@/app/api/v1/policies/[id]/route";
import { GET as versionsRoute } from "@/app/api/v1/policies/[id]/versions/route";
import { GET as versionRoute } from "@/app/api/v1/policies/[id]/versions/[version]/route";
import { POST as restoreRoute } from "@/app/api/v1/policies/[id]/versions/[version]/restore/route";
import { db } from "@/lib/db";
import { makeAccount, makeApiKey } from "../helpers/factories";

const seed = {
  version: "1",
  default: "deny",
  tools: { set_experiment_tag: { limits: [{ counter: "set_experiment_tag_rate", window: "minute", max: 30, scope: "grant" }] } },
};

function call(method: string, token: string, body?: unknown) {
  return new Request("http://localhost/api/v1/policies", {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}
const params = (p: Record<string, string> = {}) => ({ params: Promise.resolve(p) });

async function tenant(label: string) {
  const account = await makeAccount(label);
  const server = await db.mcpServer.create({ data: { orgId: account.org.id, name: "MLflow", transport: "http", url: "http://mlflow.test/mcp" } });
  const key = await makeApiKey(account.org.id, "editor");
  return { ...account, server, key: key.token };
}

async function createSeedPolicy(t: Awaited<ReturnType<typeof tenant>>) {
  const response = await createRoute(call("POST", t.key, { serverId: t.server.id, name: "Default", document: seed }), params());
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; version: number; document: unknown };
}

describe("policies API", () => {
  test("create → version 1 with the document unchanged; PUT → version 2; versions list both", async () => {
    const t = await tenant("pol-happy");
    const created = await createSeedPolicy(t);
    expect(created).toMatchObject({ name: "Default", serverId: t.server.id, version: 1, document: seed });
    const put = await putRoute(call("PUT", t.key, { document: { ...seed, default: "allow" } }), params({ id: created.id }));
    expect(await put.json()).toEqual({ id: created.id, version: 2 });
    const current = await (await getRoute(call("GET", t.key), params({ id: created.id }))).json();
    expect(current).toMatchObject({ version: 2, document: { default: "allow" } });
    const versions = await (await versionsRoute(call("GET", t.key), params({ id: created.id }))).json();
    expect(versions.data.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(versions.data[0]).toMatchObject({ author: "API key" });
    const v1 = await (await versionRoute(call("GET", t.key), params({ id: created.id, version: "1" }))).json();
    expect(v1.document).toEqual(seed);
    const list = await (await listRoute(call("GET", t.key), params())).json();
    expect(list.data).toHaveLength(1);
  });

  test("a save is announced to gateway workers (NOTIFY warden_changes) with the new version", async () => {
    const t = await tenant("pol-notify");
    const created = await createSeedPolicy(t);
    const listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await listener.connect();
    try {
      const heard: { table: string; id: string; version: number }[] = [];
      listener.on("notification", (n) => heard.push(JSON.parse(n.payload ?? "{}")));
      await listener.query("LISTEN warden_changes");
      await putRoute(call("PUT", t.key, { document: seed }), params({ id: created.id }));
      await expect.poll(() => heard.filter((h) => h.id === created.id && h.version === 2).map((h) => h.table).sort()).toEqual(["policies", "policy_versions"]);
    } finally {
      await listener.end();
    }
  });

  test("restore makes the old document the newest version; history is untouched", async () => {
    const t = await tenant("pol-restore");
    const created = await createSeedPolicy(t);
    await putRoute(call("PUT", t.key, { document: { version: "1", default: "allow" } }), params({ id: created.id }));
    const restored = await restoreRoute(call("POST", t.key), params({ id: created.id, version: "1" }));
    expect(restored.status).toBe(201);
    expect(await restored.json()).toEqual({ id: created.id, version: 3 });
    const current = await (await getRoute(call("GET", t.key), params({ id: created.id }))).json();
    expect(current.document).toEqual(seed);
    expect(await db.policyVersion.count({ where: { policyId: created.id } })).toBe(3);
    const changes = await db.auditEvent.findMany({ where: { orgId: t.org.id, policyId: created.id }, orderBy: { id: "asc" } });
    expect(changes.map((e) => [e.method, e.policyVersion])).toEqual([["policy/create", 1], ["policy/save", 2], ["policy/save", 3]]);
    expect(changes.at(-1)).toMatchObject({ kind: "control", reason: "Restored version 1", detail: { apiKeyId: expect.stringMatching(/^key_/) } });
  });

  test.each([
    ["a max that is not a number", { ...seed, tools: { x: { limits: [{ counter: "c", window: "minute", max: "30" }] } } }, "/document/tools/x/limits/0/max"],
    ["an unknown key", { ...seed, defualt: "deny" }, "/document/defualt"],
    ["a wrong version", { ...seed, version: 1 }, "/document/version"],
    ["an unknown action", { ...seed, tools: { x: { action: "permit" } } }, "/document/tools/x/action"],
  ])("PUT with %s → 422 at the pointer; the saved version is unchanged", async (_name, document, pointer) => {
    const t = await tenant("pol-invalid");
    const created = await createSeedPolicy(t);
    const response = await putRoute(call("PUT", t.key, { document }), params({ id: created.id }));
    expect(response.status).toBe(422);
    expect((await response.json()).error).toMatchObject({ code: "unprocessable", pointer });
    const current = await (await getRoute(call("GET", t.key), params({ id: created.id }))).json();
    expect(current).toMatchObject({ version: 1, document: seed });
  });

  test("a body that is not JSON is a 400 and creates nothing", async () => {
    const t = await tenant("pol-badjson");
    const response = await createRoute(call("POST", t.key, "{ not json"), params());
    expect(response.status).toBe(400);
    expect(await db.policy.count({ where: { orgId: t.org.id } })).toBe(0);
  });

  test("PUT with a stale baseVersion is a 409 and stores nothing", async () => {
    const t = await tenant("pol-stale");
    const created = await createSeedPolicy(t);
    await putRoute(call("PUT", t.key, { document: seed }), params({ id: created.id }));
    const stale = await putRoute(call("PUT", t.key, { document: seed, baseVersion: 1 }), params({ id: created.id }));
    expect(stale.status).toBe(409);
    expect(await db.policyVersion.count({ where: { policyId: created.id } })).toBe(2);
  });

  test("a duplicate name on the same server is a 409 at /name", async () => {
    const t = await tenant("pol-dupe");
    await createSeedPolicy(t);
    const response = await createRoute(call("POST", t.key, { serverId: t.server.id, name: "Default", document: seed }), params());
    expect(response.status).toBe(409);
    expect((await response.json()).error.pointer).toBe("/name");
  });

  test("org B's policy and server ids with org A's key are 404, and nothing changes", async () => {
    const a = await tenant("pol-a");
    const b = await tenant("pol-b");
    const policyB = await createSeedPolicy(b);
    const id = { id: policyB.id };
    expect((await getRoute(call("GET", a.key), params(id))).status).toBe(404);
    expect((await putRoute(call("PUT", a.key, { document: seed }), params(id))).status).toBe(404);
    expect((await versionsRoute(call("GET", a.key), params(id))).status).toBe(404);
    expect((await versionRoute(call("GET", a.key), params({ ...id, version: "1" }))).status).toBe(404);
    expect((await restoreRoute(call("POST", a.key), params({ ...id, version: "1" }))).status).toBe(404);
    const crossServer = await createRoute(call("POST", a.key, { serverId: b.server.id, name: "Sneaky", document: seed }), params());
    expect(crossServer.status).toBe(404);
    expect((await crossServer.json()).error.pointer).toBe("/serverId");
    expect((await (await listRoute(call("GET", a.key), params())).json()).data).toHaveLength(0);
    expect(await db.policyVersion.count({ where: { policyId: policyB.id } })).toBe(1);
  });

  test("a viewer key reads but cannot create, save or restore", async () => {
    const t = await tenant("pol-viewer");
    const created = await createSeedPolicy(t);
    const viewer = (await makeApiKey(t.org.id, "viewer")).token;
    expect((await getRoute(call("GET", viewer), params({ id: created.id }))).status).toBe(200);
    expect((await putRoute(call("PUT", viewer, { document: seed }), params({ id: created.id }))).status).toBe(403);
    expect((await restoreRoute(call("POST", viewer), params({ id: created.id, version: "1" }))).status).toBe(403);
    expect((await createRoute(call("POST", viewer, { serverId: t.server.id, name: "V", document: seed }), params())).status).toBe(403);
    expect(await db.policyVersion.count({ where: { policyId: created.id } })).toBe(1);
  });
});
