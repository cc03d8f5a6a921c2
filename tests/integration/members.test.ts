// Members and invitations: single-use expiring links, role rules, the last owner stays.
import { describe, expect, test } from "vitest";
import { db } from "@/lib/db";
import { acceptInvitation, createInvitation, listInvitations, previewInvitation, revokeInvitation } from "@/lib/data/invitations";
import { changeMemberRole, listMembers, removeMember } from "@/lib/data/members";
import { makeAccount } from "../helpers/factories";

const asUser = (userId: string, role: "owner" | "admin" | "editor" | "viewer") => ({ userId, apiKeyId: null, role });
const tokenOf = (link: string) => link.split("/invite/")[1]!;

async function orgWithMember(role: "owner" | "admin" | "editor" | "viewer") {
  const owner = await makeAccount("owner");
  const other = await makeAccount("other");
  const invite = await createInvitation(owner.org.id, { userId: owner.userId, apiKeyId: null }, { role, expiresInDays: 7 });
  await acceptInvitation(tokenOf(invite.link), other.userId);
  const members = await listMembers(owner.org.id);
  return { owner, other, members, byUser: (id: string) => members.find((m) => m.userId === id)! };
}

describe("invitations", () => {
  test("a link adds the member once with its role; a second use, an expired or revoked link is refused", async () => {
    const owner = await makeAccount("inv-owner");
    const invitee = await makeAccount("invitee");
    const latecomer = await makeAccount("late");
    const invite = await createInvitation(owner.org.id, { userId: owner.userId, apiKeyId: null }, { role: "editor", expiresInDays: 7 });
    expect(invite.link).toMatch(/\/invite\/wdn_i_/);
    expect(await db.invitation.count({ where: { tokenHash: tokenOf(invite.link) } })).toBe(0); // stored hashed
    expect(await previewInvitation(tokenOf(invite.link))).toMatchObject({ orgName: owner.org.name, role: "editor" });

    const results = await Promise.allSettled([acceptInvitation(tokenOf(invite.link), invitee.userId), acceptInvitation(tokenOf(invite.link), latecomer.userId)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await previewInvitation(tokenOf(invite.link))).toBeNull();
    const roles = (await listMembers(owner.org.id)).map((m) => m.role).sort();
    expect(roles).toEqual(["editor", "owner"]);
    expect(await db.auditEvent.count({ where: { orgId: owner.org.id, method: "member/add" } })).toBe(1);

    const expired = await createInvitation(owner.org.id, { userId: owner.userId, apiKeyId: null }, { role: "viewer", expiresInDays: 1 });
    await db.invitation.updateMany({ where: { orgId: owner.org.id, acceptedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(acceptInvitation(tokenOf(expired.link), latecomer.userId)).rejects.toMatchObject({ code: "not_found" });

    const revoked = await createInvitation(owner.org.id, { userId: owner.userId, apiKeyId: null }, { role: "viewer", expiresInDays: 1 });
    expect((await listInvitations(owner.org.id)).map((i) => i.id)).toEqual([revoked.id]);
    await revokeInvitation(owner.org.id, { userId: owner.userId, apiKeyId: null }, revoked.id);
    await expect(acceptInvitation(tokenOf(revoked.link), latecomer.userId)).rejects.toMatchObject({ code: "not_found" });
    await expect(acceptInvitation("wdn_i_made-up", latecomer.userId)).rejects.toMatchObject({ code: "not_found" });
  });

  test("another organization cannot revoke an invitation (404)", async () => {
    const a = await makeAccount("inv-a");
    const b = await makeAccount("inv-b");
    const invite = await createInvitation(b.org.id, { userId: b.userId, apiKeyId: null }, { role: "viewer", expiresInDays: 1 });
    await expect(revokeInvitation(a.org.id, { userId: a.userId, apiKeyId: null }, invite.id)).rejects.toMatchObject({ code: "not_found" });
    expect(await previewInvitation(tokenOf(invite.link))).not.toBeNull();
  });
});

describe("members and roles", () => {
  test("the last owner can neither leave nor be demoted; with a second owner they can", async () => {
    const { owner, other, byUser } = await orgWithMember("admin");
    const ownerMembership = byUser(owner.userId);
    await expect(removeMember(owner.org.id, asUser(owner.userId, "owner"), ownerMembership.id)).rejects.toMatchObject({ code: "conflict" });
    await expect(changeMemberRole(owner.org.id, asUser(owner.userId, "owner"), ownerMembership.id, "admin")).rejects.toMatchObject({ code: "conflict" });

    await changeMemberRole(owner.org.id, asUser(owner.userId, "owner"), byUser(other.userId).id, "owner");
    await removeMember(owner.org.id, asUser(owner.userId, "owner"), ownerMembership.id); // leaving
    expect((await listMembers(owner.org.id)).map((m) => [m.userId, m.role])).toEqual([[other.userId, "owner"]]);
    const methods = (await db.auditEvent.findMany({ where: { orgId: owner.org.id, kind: "control" }, orderBy: { id: "asc" } })).map((e) => e.method);
    expect(methods).toEqual(["invitation/create", "member/add", "member/role", "member/leave"]);
  });

  test("two owners demoting each other at once leave one owner", async () => {
    const { owner, other, byUser } = await orgWithMember("owner");
    const results = await Promise.allSettled([
      changeMemberRole(owner.org.id, asUser(owner.userId, "owner"), byUser(other.userId).id, "viewer"),
      changeMemberRole(owner.org.id, asUser(other.userId, "owner"), byUser(owner.userId).id, "viewer"),
      removeMember(owner.org.id, asUser(owner.userId, "owner"), byUser(owner.userId).id),
    ]);
    expect(results.some((r) => r.status === "rejected")).toBe(true);
    expect(await db.membership.count({ where: { orgId: owner.org.id, role: "owner" } })).toBe(1);
  });

  test("an admin cannot touch an owner or make one; editors and viewers manage nobody", async () => {
    const { owner, other, byUser } = await orgWithMember("admin");
    const ownerId = byUser(owner.userId).id;
    await expect(changeMemberRole(owner.org.id, asUser(other.userId, "admin"), ownerId, "viewer")).rejects.toMatchObject({ code: "forbidden" });
    await expect(removeMember(owner.org.id, asUser(other.userId, "admin"), ownerId)).rejects.toMatchObject({ code: "forbidden" });
    await expect(changeMemberRole(owner.org.id, asUser(other.userId, "admin"), byUser(other.userId).id, "owner")).rejects.toMatchObject({ code: "forbidden" });
    await expect(changeMemberRole(owner.org.id, asUser(other.userId, "editor"), ownerId, "viewer")).rejects.toMatchObject({ code: "forbidden" });
    expect((await listMembers(owner.org.id)).find((m) => m.id === ownerId)?.role).toBe("owner");
  });

  test("another organization's membership is 404", async () => {
    const a = await makeAccount("mem-a");
    const b = await makeAccount("mem-b");
    const [bOwner] = await listMembers(b.org.id);
    await expect(changeMemberRole(a.org.id, asUser(a.userId, "owner"), bOwner!.id, "viewer")).rejects.toMatchObject({ code: "not_found" });
    await expect(removeMember(a.org.id, asUser(a.userId, "owner"), bOwner!.id)).rejects.toMatchObject({ code: "not_found" });
  });
});
