// An API key acts for its creator: never above the creator's current role, not at all once the
// creator has left; lastUsedAt is written at most once a minute; the settings list names the creator.
import { describe, expect, test } from "vitest";
import * as organization from "@/app/api/v1/organization/route";
import { createApiKey, listApiKeys, resolveApiKey } from "@/lib/data/api-keys";
import { changeMemberRole, removeMember } from "@/lib/data/members";
import { hashToken } from "@/lib/crypto";
import { db } from "@/lib/db";
import { makeAccount } from "../helpers/factories";
import { apiRequest, params } from "./api-helpers";

async function orgWithAdmin() {
  const owner = await makeAccount("keyowner");
  const admin = await makeAccount("keyadmin");
  const membership = await db.membership.create({ data: { orgId: owner.org.id, userId: admin.userId, role: "admin" } });
  const key = await createApiKey(owner.org.id, { name: "admin's key", role: "admin", createdById: admin.userId });
  const ownerActor = { userId: owner.userId, apiKeyId: null, role: "owner" as const };
  return { owner, admin, membership, key, ownerActor };
}

const readOrg = (token: string) => organization.GET(apiRequest("GET", "/api/v1/organization", token), params());
const renameOrg = (token: string) => organization.PATCH(apiRequest("PATCH", "/api/v1/organization", token, { name: "Renamed by key" }), params());

describe("API keys follow their creator", () => {
  test("the key drops to its creator's new role, and stops when the creator leaves", async () => {
    const { owner, membership, key, ownerActor } = await orgWithAdmin();
    expect((await renameOrg(key.token)).status).toBe(200);

    await changeMemberRole(owner.org.id, ownerActor, membership.id, "viewer");
    const refused = await renameOrg(key.token);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe("forbidden");
    expect((await readOrg(key.token)).status).toBe(200);

    await removeMember(owner.org.id, ownerActor, membership.id);
    const gone = await readOrg(key.token);
    expect(gone.status).toBe(401);
    expect((await gone.json()).error.message).toMatch(/creator left/);
  });

  test("a key of a higher role than its creator acts with the creator's role", async () => {
    const { owner, membership, ownerActor } = await orgWithAdmin();
    await changeMemberRole(owner.org.id, ownerActor, membership.id, "editor");
    const key = await createApiKey(owner.org.id, { name: "too high", role: "owner", createdById: membership.userId });
    expect(await resolveApiKey(hashToken(key.token))).toMatchObject({ role: "editor" });
    expect((await renameOrg(key.token)).status).toBe(403);
  });

  test("lastUsedAt moves at most once a minute; the list shows who created each key", async () => {
    const { owner, admin, key } = await orgWithAdmin();
    const t0 = new Date("2026-05-01T12:00:00Z");
    const lastUsed = async () => (await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt;
    await resolveApiKey(hashToken(key.token), t0);
    expect(await lastUsed()).toEqual(t0);
    await resolveApiKey(hashToken(key.token), new Date(t0.getTime() + 30_000));
    expect(await lastUsed()).toEqual(t0);
    const later = new Date(t0.getTime() + 61_000);
    await resolveApiKey(hashToken(key.token), later);
    expect(await lastUsed()).toEqual(later);

    const [listed] = await listApiKeys(owner.org.id);
    const adminUser = await db.user.findUniqueOrThrow({ where: { id: admin.userId } });
    expect(listed).toMatchObject({ name: "admin's key", createdBy: adminUser.name, lastUsedAt: later });
  });
});
