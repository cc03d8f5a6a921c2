// REST /api/v1/grants: happy path, validation, unauthenticated, another org's ids (404).
import { describe, expect, test } from "vitest";
import { GET as listGrants, POST as createGrant } from "@/app/api/v1/grants/route";
import { GET as getGrant, DELETE as revokeGrant } from "@/app/api/v1/grants/[id]/route";
import { POST as rotateGrant } from "@/app/api/v1/grants/[id]/rotate/route";
import { hashToken } from "@/lib/crypto";
import { db } from "@/lib/db";
import { apiRequest, makeTenant, params } from "./api-helpers";

describe("REST /api/v1/grants", () => {
  test("create → token once, list without tokens, get, rotate, revoke; control events recorded", async () => {
    const t = await makeTenant("grants-happy");
    const created = await createGrant(
      apiRequest("POST", "/api/v1/grants", t.keys.editor, { serverId: t.server.id, policyId: t.policy.id, name: "Claude Desktop – Alice" }),
      params(),
    );
    expect(created.status).toBe(201);
    const body = await created.json();
    expect(body).toMatchObject({ name: "Claude Desktop – Alice", gatewayUrl: expect.stringMatching(new RegExp(`/mcp/${t.server.id}$`)) });
    expect(body.token).toMatch(/^wdn_g_/);
    expect(body.secretUrl).toMatch(new RegExp(`/g/${body.token}/mcp$`));
    const row = await db.grant.findUniqueOrThrow({ where: { id: body.id } });
    expect(row.tokenHash).toBe(hashToken(body.token));
    expect(JSON.stringify(row)).not.toContain(body.token);

    const list = await (await listGrants(apiRequest("GET", "/api/v1/grants", t.keys.viewer), params())).json();
    expect(list.data).toHaveLength(1);
    expect(list.data[0]).toMatchObject({ id: body.id, status: "active", callCount: 0, serverName: t.server.name, policyName: "Recommended" });
    expect(JSON.stringify(list)).not.toContain(body.token);
    expect(list.nextCursor).toBeNull();

    const rotated = await (await rotateGrant(apiRequest("POST", `/api/v1/grants/${body.id}/rotate`, t.keys.editor), params({ id: body.id }))).json();
    expect(rotated.token).not.toBe(body.token);
    expect((await db.grant.findUniqueOrThrow({ where: { id: body.id } })).tokenHash).toBe(hashToken(rotated.token));

    const revoked = await revokeGrant(apiRequest("DELETE", `/api/v1/grants/${body.id}`, t.keys.editor), params({ id: body.id }));
    expect(revoked.status).toBe(200);
    expect((await revoked.json()).status).toBe("revoked");
    const got = await (await getGrant(apiRequest("GET", `/api/v1/grants/${body.id}`, t.keys.viewer), params({ id: body.id }))).json();
    expect(got.revokedAt).not.toBeNull();

    const events = await db.auditEvent.findMany({ where: { orgId: t.org.id, kind: "control" }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.method)).toEqual(["grant/create", "grant/rotate", "grant/revoke"]);
  });

  test("validation errors name the field and store nothing", async () => {
    const t = await makeTenant("grants-invalid");
    const cases: [unknown, string][] = [
      [{ serverId: t.server.id, policyId: t.policy.id, name: "" }, "/name"],
      [{ serverId: t.server.id, policyId: t.policy.id, name: "x", expiresAt: "2001-01-01T00:00:00Z" }, "/expiresAt"],
      [{ serverId: t.server.id, policyId: t.policy.id, name: "x", expiresAt: "tomorrow" }, "/expiresAt"],
      [{ policyId: t.policy.id, name: "x" }, "/serverId"],
      [{ serverId: t.server.id, policyId: t.policy.id, name: "x", extra: 1 }, ""],
    ];
    for (const [payload, pointer] of cases) {
      const response = await createGrant(apiRequest("POST", "/api/v1/grants", t.keys.editor, payload), params());
      expect(response.status, JSON.stringify(payload)).toBe(422);
      expect((await response.json()).error).toMatchObject({ code: "unprocessable", ...(pointer ? { pointer } : {}) });
    }
    const notJson = await createGrant(apiRequest("POST", "/api/v1/grants", t.keys.editor, "{nope"), params());
    expect(notJson.status).toBe(400);
    expect(await db.grant.count({ where: { orgId: t.org.id } })).toBe(0);
  });

  test("unauthenticated and revoked keys get 401; viewers cannot create", async () => {
    const t = await makeTenant("grants-auth");
    const payload = { serverId: t.server.id, policyId: t.policy.id, name: "x" };
    expect((await listGrants(apiRequest("GET", "/api/v1/grants", null), params())).status).toBe(401);
    expect((await createGrant(apiRequest("POST", "/api/v1/grants", null, payload), params())).status).toBe(401);
    expect((await createGrant(apiRequest("POST", "/api/v1/grants", "wdn_k_nope", payload), params())).status).toBe(401);
    expect((await createGrant(apiRequest("POST", "/api/v1/grants", t.keys.viewer, payload), params())).status).toBe(403);
    expect(await db.grant.count({ where: { orgId: t.org.id } })).toBe(0);
  });

  test("another organization's server, policy and grant are 404", async () => {
    const a = await makeTenant("grants-a");
    const b = await makeTenant("grants-b");
    const mine = await (
      await createGrant(apiRequest("POST", "/api/v1/grants", b.keys.editor, { serverId: b.server.id, policyId: b.policy.id, name: "b" }), params())
    ).json();
    const crossServer = await createGrant(
      apiRequest("POST", "/api/v1/grants", a.keys.editor, { serverId: b.server.id, policyId: b.policy.id, name: "x" }),
      params(),
    );
    expect(crossServer.status).toBe(404);
    expect((await crossServer.json()).error.pointer).toBe("/serverId");
    const crossPolicy = await createGrant(
      apiRequest("POST", "/api/v1/grants", a.keys.editor, { serverId: a.server.id, policyId: b.policy.id, name: "x" }),
      params(),
    );
    expect(crossPolicy.status).toBe(404);
    for (const call of [
      getGrant(apiRequest("GET", `/api/v1/grants/${mine.id}`, a.keys.owner), params({ id: mine.id })),
      revokeGrant(apiRequest("DELETE", `/api/v1/grants/${mine.id}`, a.keys.owner), params({ id: mine.id })),
      rotateGrant(apiRequest("POST", `/api/v1/grants/${mine.id}/rotate`, a.keys.owner), params({ id: mine.id })),
    ]) {
      expect((await call).status).toBe(404);
    }
    expect((await db.grant.findUniqueOrThrow({ where: { id: mine.id } })).revokedAt).toBeNull();
    const listA = await (await listGrants(apiRequest("GET", "/api/v1/grants", a.keys.owner), params())).json();
    expect(listA.data).toEqual([]);
  });
});
