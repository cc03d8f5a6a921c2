// Deleting an organization (owner only, name typed; its grants stop at once on a running gateway
// worker) and deleting an account (refused while it is the last owner of an org with others).
import { describe, expect, test, vi } from "vitest";
import pg from "pg";
import { db } from "@/lib/db";
import { deleteOrganizationAction } from "@/app/(dashboard)/[org]/settings/actions";
import { deleteAccountAction } from "@/app/(dashboard)/[org]/profile/actions";
import { acceptInvitation, createInvitation } from "@/lib/data/invitations";
import { changeMemberRole, listMembers } from "@/lib/data/members";
import { makeAccount } from "../helpers/factories";
import { makeSetup } from "./gateway/fixtures";
import { connectAgent, useStandinAndGateway } from "./gateway/harness";
import { session } from "./servers-fake-session";

vi.mock("@/lib/auth/session", () => import("./servers-fake-session"));
// Outside a Next request there is no cache to revalidate; everything else is the real action.
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const running = useStandinAndGateway();
const actAs = (user: { userId: string; email: string }) => (session.user = { id: user.userId, email: user.email, name: "tester" });

async function addMember(org: { id: string }, inviterId: string, role: "owner" | "admin" | "viewer", label: string) {
  const member = await makeAccount(label);
  const invite = await createInvitation(org.id, { userId: inviterId, apiKeyId: null }, { role, expiresInDays: 1 });
  await acceptInvitation(invite.link.split("/invite/")[1]!, member.userId);
  return member;
}

async function listen(): Promise<{ payloads: Array<Record<string, unknown>>; close: () => Promise<void> }> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const payloads: Array<Record<string, unknown>> = [];
  client.on("notification", (n) => payloads.push(JSON.parse(n.payload ?? "{}") as Record<string, unknown>));
  await client.query("LISTEN warden_changes");
  return { payloads, close: () => client.end() };
}

describe("delete an organization", () => {
  test("owner only, after typing its name; another org's slug is 404", async () => {
    const setup = await makeSetup({ transport: "http", url: running.standin.url });
    const owner = await db.user.findUniqueOrThrow({ where: { id: setup.userId } });
    const org = await db.organization.findUniqueOrThrow({ where: { id: setup.orgId } });
    const admin = await addMember(org, owner.id, "admin", "del-admin");
    const stranger = await makeAccount("del-stranger");

    actAs(admin);
    expect(await deleteOrganizationAction(org.slug, { confirmName: org.name })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    actAs(stranger);
    expect(await deleteOrganizationAction(org.slug, { confirmName: org.name })).toMatchObject({ ok: false, error: { code: "not_found" } });
    actAs({ userId: owner.id, email: owner.email });
    expect(await deleteOrganizationAction(org.slug, { confirmName: "something else" })).toMatchObject({
      ok: false, error: { code: "unprocessable", fields: { confirmName: `Type "${org.name}"` } },
    });
    expect(await db.organization.count({ where: { id: org.id } })).toBe(1);
  });

  test("its rows go and its grant stops at once on the running gateway worker", async () => {
    const setup = await makeSetup({ transport: "http", url: running.standin.url });
    const owner = await db.user.findUniqueOrThrow({ where: { id: setup.userId } });
    const org = await db.organization.findUniqueOrThrow({ where: { id: setup.orgId } });
    const agent = await connectAgent(running.gateway.url, setup.server.id, setup.token);
    expect((await agent.callTool({ name: "set_experiment_tag", arguments: { experiment_id: "1", key: "k", value: "v" } })).isError).toBeFalsy();
    const changes = await listen();
    try {
      actAs({ userId: owner.id, email: owner.email });
      expect(await deleteOrganizationAction(org.slug, { confirmName: org.name })).toEqual({ ok: true, data: undefined });
      // The cascade deletes each grant row, and the grants trigger announces it to every worker.
      await vi.waitFor(() => expect(changes.payloads).toContainEqual(expect.objectContaining({ table: "grants", op: "delete", id: setup.grant.id })), { timeout: 5_000 });
    } finally {
      await changes.close();
    }
    for (const count of [
      db.organization.count({ where: { id: org.id } }), db.mcpServer.count({ where: { orgId: org.id } }), db.policy.count({ where: { orgId: org.id } }),
      db.grant.count({ where: { orgId: org.id } }), db.auditEvent.count({ where: { orgId: org.id } }), db.apiKey.count({ where: { orgId: org.id } }),
    ]) expect(await count).toBe(0);
    expect(await db.user.count({ where: { id: owner.id } })).toBe(1);
    await vi.waitFor(async () => {
      await expect(agent.callTool({ name: "get_experiments", arguments: {} })).rejects.toThrow();
    }, { timeout: 5_000, interval: 50 });
    await expect(connectAgent(running.gateway.url, setup.server.id, setup.token)).rejects.toThrow();
    await agent.close().catch(() => undefined);
  });
});

describe("delete your account", () => {
  test("refused while the last owner of an org with other members, with its name; allowed once another owner exists", async () => {
    const owner = await makeAccount("leaver");
    const colleague = await addMember(owner.org, owner.userId, "viewer", "stayer");
    actAs(owner);
    const wrongPassword = await deleteAccountAction({ password: "not-the-password" });
    expect(wrongPassword).toMatchObject({ ok: false, error: { code: "forbidden", fields: { password: "The password is wrong" } } });
    const refused = await deleteAccountAction({ password: owner.password });
    expect(refused).toMatchObject({ ok: false, error: { code: "conflict", message: expect.stringContaining(owner.org.name) } });
    expect(await db.user.count({ where: { id: owner.userId } })).toBe(1);

    const membership = (await listMembers(owner.org.id)).find((m) => m.userId === colleague.userId)!;
    await changeMemberRole(owner.org.id, { userId: owner.userId, apiKeyId: null, role: "owner" }, membership.id, "owner");
    expect(await deleteAccountAction({ password: owner.password })).toEqual({ ok: true, data: undefined });
    expect(await db.user.count({ where: { id: owner.userId } })).toBe(0);
    expect(await db.organization.count({ where: { id: owner.org.id } })).toBe(1); // the colleague keeps it
    expect(await db.organization.count({ where: { id: colleague.org.id } })).toBe(1);
  });

  test("an organization where the person is the only member goes with the account", async () => {
    const solo = await makeAccount("solo");
    actAs(solo);
    expect((await deleteAccountAction({ password: solo.password })).ok).toBe(true);
    expect(await db.organization.count({ where: { id: solo.org.id } })).toBe(0);
    session.user = null;
    expect(await deleteAccountAction({ password: solo.password })).toMatchObject({ ok: false, error: { code: "unauthorized" } });
  });
});
