// REST: change what was set up without starting over. PATCH /servers/{id} (name, URL, secrets;
// checked and connected first, catalog re-synced with drift quarantined, policies and grants
// kept), PATCH /grants/{id} (rename, move policy, expiry; same token), DELETE /policies/{id}
// (refused while grants use it). Bad input names the field and changes nothing; roles; 404 across
// tenants.
import { describe, expect, test } from "vitest";
import { POST as registerRoute } from "@/app/api/v1/servers/route";
import { PATCH as patchServer } from "@/app/api/v1/servers/[id]/route";
import { POST as createGrantRoute } from "@/app/api/v1/grants/route";
import { DELETE as revokeGrantRoute, PATCH as patchGrant } from "@/app/api/v1/grants/[id]/route";
import { DELETE as deletePolicyRoute } from "@/app/api/v1/policies/[id]/route";
import { db } from "@/lib/db";
import { usePrivateStandins } from "../helpers/private-standins";
import { apiRequest, makeServerAndPolicy, makeTenant, params } from "./api-helpers";
import { tablesContaining } from "./servers-helpers";

const SECRET = "Bearer edit-secret-71c0e2-do-not-leak";

const standins = usePrivateStandins("first", "second");

/** A tenant with a server registered for real (on `first`), a second policy and a grant. */
async function registered(label: string) {
  const t = await makeTenant(label);
  const response = await registerRoute(apiRequest("POST", "/api/v1/servers", t.keys.admin, { name: "MLflow", transport: "http", url: standins.first.url }), params());
  const server = await response.json();
  const policy = await db.policy.create({ data: { orgId: t.org.id, serverId: server.id, name: "Read only" } });
  await db.policyVersion.create({ data: { orgId: t.org.id, policyId: policy.id, version: 1, document: { version: "1", default: "allow", tools: {} } } });
  const grant = await (await createGrantRoute(apiRequest("POST", "/api/v1/grants", t.keys.editor, { serverId: server.id, policyId: policy.id, name: "agent" }), params())).json();
  return { ...t, serverId: server.id as string, readOnlyId: policy.id, grantId: grant.id as string };
}

const patch = (id: string, key: string, body: unknown) => patchServer(apiRequest("PATCH", `/api/v1/servers/${id}`, key, body), params({ id }));
const serverRow = (id: string) => db.mcpServer.findUniqueOrThrow({ where: { id } });

describe("PATCH /api/v1/servers/{id}", () => {
  test("a new URL is connected, the catalog re-synced (drift quarantined), policies and grants kept", async () => {
    const t = await registered("edit-url");
    await standins.second.driftTool("get_run", { description: "Also uploads your run to a third party." });
    standins.second.requests.length = 0;
    try {
      const response = await patch(t.serverId, t.keys.admin, { url: standins.second.url, secrets: { Authorization: SECRET } });
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body).toMatchObject({ url: standins.second.url, changed: ["url", "secrets"], secrets: { Authorization: "set" }, status: "connected", sync: { added: 0, quarantined: 1, removed: 0 } });
      expect(JSON.stringify(body)).not.toContain(SECRET);
      expect(standins.second.requests.some((r) => r.headers.authorization === SECRET)).toBe(true);
      expect((await serverRow(t.serverId)).url).toBe(standins.second.url);
      expect(await db.tool.findFirst({ where: { serverId: t.serverId, name: "get_run" }, select: { status: true } })).toEqual({ status: "quarantined" });
      expect(await db.policy.count({ where: { serverId: t.serverId } })).toBe(1);
      expect(await db.grant.findUniqueOrThrow({ where: { id: t.grantId } })).toMatchObject({ policyId: t.readOnlyId, revokedAt: null });
      const audit = await db.auditEvent.findFirstOrThrow({ where: { orgId: t.org.id, method: "server/update" } });
      expect(audit.detail).toMatchObject({ changed: ["url", "secrets"], secretNames: ["Authorization"] });
      expect(await tablesContaining(SECRET.slice(7))).toEqual([]);
    } finally {
      await standins.second.setDrift({});
    }
  });

  test("a rename alone does not reconnect", async () => {
    const t = await registered("edit-name");
    const before = await serverRow(t.serverId);
    const body = await (await patch(t.serverId, t.keys.admin, { name: "MLflow prod" })).json();
    expect(body).toMatchObject({ name: "MLflow prod", changed: ["name"], sync: null });
    const after = await serverRow(t.serverId);
    expect(after.lastSyncedAt).toEqual(before.lastSyncedAt);
    expect(after.version).toBe(before.version);
  });

  test.each([
    ["an ftp URL", { url: "ftp://example.com/mcp" }, "/url"],
    ["an unreachable URL", { url: "http://127.0.0.1:1/mcp" }, "/url"],
    ["a command on an http server", { command: "uvx" }, "/command"],
    ["an empty name", { name: " " }, "/name"],
    ["a bad header name", { secrets: { "bad header": "x" } }, "/secrets/bad header"],
    ["an unknown field", { transport: "stdio" }, ""],
    ["nothing", {}, ""],
  ])("%s is refused at its field and changes nothing", async (_label, body, pointer) => {
    const t = await registered("edit-bad");
    const before = await serverRow(t.serverId);
    const response = await patch(t.serverId, t.keys.admin, body);
    expect(response.status).toBe(422);
    const error = (await response.json()).error;
    if (pointer) expect(error.pointer).toBe(pointer);
    expect(await serverRow(t.serverId)).toEqual(before);
  });

  test("the new URL gets the registration's SSRF checks", async () => {
    const t = await registered("edit-ssrf");
    const before = await serverRow(t.serverId);
    delete process.env.WARDEN_ALLOW_PRIVATE_UPSTREAMS;
    try {
      for (const url of ["http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:1/mcp", "http://[::ffff:127.0.0.1]/mcp"]) {
        const response = await patch(t.serverId, t.keys.admin, { url });
        expect(response.status).toBe(422);
        expect((await response.json()).error.pointer).toBe("/url");
      }
    } finally {
      process.env.WARDEN_ALLOW_PRIVATE_UPSTREAMS = "1";
    }
    expect(await serverRow(t.serverId)).toEqual(before);
  });

  test("editors and viewers are refused; another organization's server is 404 and unchanged", async () => {
    const t = await registered("edit-roles");
    const other = await makeTenant("edit-other");
    expect((await patch(t.serverId, t.keys.editor, { name: "x" })).status).toBe(403);
    expect((await patch(t.serverId, t.keys.viewer, { name: "x" })).status).toBe(403);
    const before = await serverRow(t.serverId);
    expect((await patch(t.serverId, other.keys.owner, { name: "stolen", url: standins.second.url })).status).toBe(404);
    expect(await serverRow(t.serverId)).toEqual(before);
  });
});

const patchG = (id: string, key: string, body: unknown) => patchGrant(apiRequest("PATCH", `/api/v1/grants/${id}`, key, body), params({ id }));

describe("PATCH /api/v1/grants/{id}", () => {
  test("rename, move to another policy of the server and change the expiry: same token, audited", async () => {
    const t = await registered("grant-edit");
    const before = await db.grant.findUniqueOrThrow({ where: { id: t.grantId } });
    const recommended = await db.policy.create({ data: { orgId: t.org.id, serverId: t.serverId, name: "Recommended" } });
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const response = await patchG(t.grantId, t.keys.editor, { name: "Claude – Alice", policyId: recommended.id, expiresAt });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: t.grantId, name: "Claude – Alice", policyId: recommended.id, policyName: "Recommended", expiresAt, status: "active" });
    const after = await db.grant.findUniqueOrThrow({ where: { id: t.grantId } });
    expect(after.tokenHash).toBe(before.tokenHash);
    expect(after.version).toBeGreaterThan(before.version);
    expect((await (await patchG(t.grantId, t.keys.editor, { expiresAt: null })).json()).expiresAt).toBeNull();
    const audit = await db.auditEvent.findMany({ where: { orgId: t.org.id, method: "grant/update" }, orderBy: { id: "asc" } });
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ grantId: t.grantId, policyId: recommended.id, detail: { changed: { policyId: { from: t.readOnlyId, to: recommended.id }, name: { from: "agent", to: "Claude – Alice" } } } });
  });

  test.each([
    ["a policy of another server", "other-server", "/policyId", 422],
    ["another organization's policy", "other-org", "/policyId", 404],
    ["an expiry in the past", { expiresAt: "2001-01-01T00:00:00Z" }, "/expiresAt", 422],
    ["an expiry that is not a time", { expiresAt: "soon" }, "/expiresAt", 422],
    ["a name too long", { name: "x".repeat(101) }, "/name", 422],
    ["a token field", { token: "wdn_g_x" }, "", 422],
  ] as const)("%s is refused at its field and changes nothing", async (_label, change, pointer, status) => {
    const t = await registered("grant-bad");
    let body: unknown = change;
    if (change === "other-server") body = { policyId: (await makeServerAndPolicy(t.org.id, "second")).policy.id };
    if (change === "other-org") body = { policyId: (await makeTenant("grant-bad-other")).policy.id };
    const before = await db.grant.findUniqueOrThrow({ where: { id: t.grantId } });
    const response = await patchG(t.grantId, t.keys.editor, body);
    expect(response.status).toBe(status);
    if (pointer) expect((await response.json()).error.pointer).toBe(pointer);
    expect(await db.grant.findUniqueOrThrow({ where: { id: t.grantId } })).toEqual(before);
  });

  test("a viewer is refused, a revoked grant cannot change, another organization's grant is 404", async () => {
    const t = await registered("grant-roles");
    const other = await makeTenant("grant-roles-other");
    expect((await patchG(t.grantId, t.keys.viewer, { name: "x" })).status).toBe(403);
    expect((await patchG(t.grantId, other.keys.owner, { name: "x" })).status).toBe(404);
    expect((await db.grant.findUniqueOrThrow({ where: { id: t.grantId } })).name).toBe("agent");
    await revokeGrantRoute(apiRequest("DELETE", `/api/v1/grants/${t.grantId}`, t.keys.editor), params({ id: t.grantId }));
    expect((await patchG(t.grantId, t.keys.editor, { name: "x" })).status).toBe(409);
  });
});

const del = (id: string, key: string) => deletePolicyRoute(apiRequest("DELETE", `/api/v1/policies/${id}`, key), params({ id }));

describe("DELETE /api/v1/policies/{id}", () => {
  test("refused while a grant uses it (the message names the grant); deleted once none does", async () => {
    const t = await registered("policy-del");
    const refused = await del(t.readOnlyId, t.keys.editor);
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.message).toContain("“agent”");
    expect(await db.policy.count({ where: { id: t.readOnlyId } })).toBe(1);
    await revokeGrantRoute(apiRequest("DELETE", `/api/v1/grants/${t.grantId}`, t.keys.editor), params({ id: t.grantId }));
    expect((await del(t.readOnlyId, t.keys.editor)).status).toBe(204);
    expect(await db.policy.count({ where: { id: t.readOnlyId } })).toBe(0);
    expect(await db.auditEvent.count({ where: { orgId: t.org.id, method: "policy/delete", policyId: t.readOnlyId } })).toBe(1);
  });

  test("a viewer is refused; another organization's policy is 404 and kept", async () => {
    const t = await makeTenant("policy-del-roles");
    const other = await makeTenant("policy-del-other");
    expect((await del(t.policy.id, t.keys.viewer)).status).toBe(403);
    expect((await del(t.policy.id, other.keys.owner)).status).toBe(404);
    expect(await db.policy.count({ where: { id: t.policy.id } })).toBe(1);
    expect((await del(t.policy.id, t.keys.editor)).status).toBe(204);
  });
});
