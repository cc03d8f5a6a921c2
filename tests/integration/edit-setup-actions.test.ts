// The pages' actions for editing what was set up: a server (admins), a grant (editors) and
// deleting a policy (editors). Bad input comes back at its field with nothing changed; lower roles
// are refused; another organization's ids are "not found" and left untouched.
import { describe, expect, test, vi } from "vitest";
import { registerServerAction, updateServerAction } from "@/app/(dashboard)/[org]/servers/actions";
import { updateGrantAction } from "@/app/(dashboard)/[org]/grants/actions";
import { deletePolicyAction } from "@/app/(dashboard)/[org]/policies/delete-action";
import { createGrantFor } from "@/lib/data/grant-lifecycle";
import { db } from "@/lib/db";
import { usePrivateStandins } from "../helpers/private-standins";
import { makeAccount } from "../helpers/factories";
vi.mock("@/lib/auth/session", () => import("./servers-fake-session"));

import { memberWithRole, signedInAs } from "./servers-helpers";

const standins = usePrivateStandins("first", "second");

async function orgWithSetup(label: string) {
  const account = await makeAccount(label);
  await signedInAs(account.userId);
  const registered = await registerServerAction(account.org.slug, { name: "MLflow", transport: "http", url: standins.first.url });
  if (!registered.ok) throw new Error(registered.error.message);
  const serverId = registered.data.id;
  const policies = await Promise.all(["Recommended", "Read only"].map(async (name) => {
    const policy = await db.policy.create({ data: { orgId: account.org.id, serverId, name } });
    await db.policyVersion.create({ data: { orgId: account.org.id, policyId: policy.id, version: 1, document: { version: "1", default: "allow" } } });
    return policy.id;
  }));
  const grant = await createGrantFor(account.org.id, { userId: account.userId, apiKeyId: null }, { serverId, policyId: policies[0]!, name: "agent" });
  return { ...account, serverId, recommendedId: policies[0]!, readOnlyId: policies[1]!, grantId: grant.id };
}

describe("edit actions", () => {
  test("an owner edits the server's URL, moves and renames the grant, deletes the unused policy", async () => {
    const a = await orgWithSetup("ea-owner");
    const token = (await db.grant.findUniqueOrThrow({ where: { id: a.grantId } })).tokenHash;
    expect(await updateServerAction(a.org.slug, { serverId: a.serverId, name: "MLflow prod", url: standins.second.url }))
      .toMatchObject({ ok: true, data: { name: "MLflow prod", changed: ["name", "url"], sync: { added: 0, quarantined: 0 } } });
    expect((await db.mcpServer.findUniqueOrThrow({ where: { id: a.serverId } })).url).toBe(standins.second.url);
    expect(await updateGrantAction(a.org.slug, { grantId: a.grantId, changes: { policyId: a.readOnlyId, name: "Claude" } })).toMatchObject({ ok: true });
    expect(await db.grant.findUniqueOrThrow({ where: { id: a.grantId } })).toMatchObject({ policyId: a.readOnlyId, name: "Claude", tokenHash: token });
    expect(await deletePolicyAction(a.org.slug, { policyId: a.recommendedId })).toEqual({ ok: true, data: { deleted: true } });
    const refused = await deletePolicyAction(a.org.slug, { policyId: a.readOnlyId });
    expect(refused).toMatchObject({ ok: false, error: { code: "conflict", message: expect.stringContaining("“Claude”") } });
    expect(await db.policy.count({ where: { serverId: a.serverId } })).toBe(1);
  });

  test("bad input comes back at its field and changes nothing", async () => {
    const a = await orgWithSetup("ea-bad");
    const server = await db.mcpServer.findUniqueOrThrow({ where: { id: a.serverId } });
    const grant = await db.grant.findUniqueOrThrow({ where: { id: a.grantId } });
    expect(await updateServerAction(a.org.slug, { serverId: a.serverId, url: "ftp://x" })).toMatchObject({ ok: false, error: { fields: { url: expect.any(String) } } });
    expect(await updateServerAction(a.org.slug, { serverId: a.serverId, url: "http://127.0.0.1:1/mcp" })).toMatchObject({ ok: false, error: { fields: { url: expect.stringContaining("Could not connect") } } });
    expect(await updateServerAction(a.org.slug, { serverId: a.serverId, name: "" })).toMatchObject({ ok: false, error: { fields: { name: expect.any(String) } } });
    expect(await updateGrantAction(a.org.slug, { grantId: a.grantId, changes: { expiresAt: "2001-01-01T00:00:00Z" } })).toMatchObject({ ok: false, error: { fields: { expiresAt: expect.any(String) } } });
    expect(await updateGrantAction(a.org.slug, { grantId: a.grantId, changes: { name: "" } })).toMatchObject({ ok: false, error: { fields: { name: expect.any(String) } } });
    expect(await deletePolicyAction(a.org.slug, { policyId: "" })).toMatchObject({ ok: false, error: { fields: { policyId: expect.any(String) } } });
    expect(await db.mcpServer.findUniqueOrThrow({ where: { id: a.serverId } })).toEqual(server);
    expect(await db.grant.findUniqueOrThrow({ where: { id: a.grantId } })).toEqual(grant);
  });

  test("an editor cannot edit a server, a viewer cannot edit a grant or delete a policy", async () => {
    const a = await orgWithSetup("ea-roles");
    const refused = { ok: false, error: { code: "forbidden" } };
    await signedInAs(await memberWithRole(a.org.id, "editor"));
    expect(await updateServerAction(a.org.slug, { serverId: a.serverId, name: "x" })).toMatchObject(refused);
    await signedInAs(await memberWithRole(a.org.id, "viewer"));
    expect(await updateGrantAction(a.org.slug, { grantId: a.grantId, changes: { name: "x" } })).toMatchObject(refused);
    expect(await deletePolicyAction(a.org.slug, { policyId: a.readOnlyId })).toMatchObject(refused);
    expect((await db.mcpServer.findUniqueOrThrow({ where: { id: a.serverId } })).name).toBe("MLflow");
    expect((await db.grant.findUniqueOrThrow({ where: { id: a.grantId } })).name).toBe("agent");
    expect(await db.policy.count({ where: { id: a.readOnlyId } })).toBe(1);
  });

  test("another organization's server, grant and policy are not found and left untouched", async () => {
    const a = await orgWithSetup("ea-victim");
    const b = await makeAccount("ea-attacker");
    await signedInAs(b.userId);
    const notFound = { ok: false, error: { code: "not_found" } };
    expect(await updateServerAction(b.org.slug, { serverId: a.serverId, url: standins.second.url })).toMatchObject(notFound);
    expect(await updateGrantAction(b.org.slug, { grantId: a.grantId, changes: { name: "stolen" } })).toMatchObject(notFound);
    expect(await deletePolicyAction(b.org.slug, { policyId: a.readOnlyId })).toMatchObject(notFound);
    // Through the victim's slug, B is not a member: not found either.
    expect(await deletePolicyAction(a.org.slug, { policyId: a.readOnlyId })).toMatchObject(notFound);
    expect((await db.mcpServer.findUniqueOrThrow({ where: { id: a.serverId } })).url).toBe(standins.first.url);
    expect((await db.grant.findUniqueOrThrow({ where: { id: a.grantId } })).name).toBe("agent");
    expect(await db.policy.count({ where: { id: a.readOnlyId } })).toBe(1);
  });
});
