// Members of an organization and their roles. Owner changes lock the org's owner rows first, so
// two concurrent demotions cannot leave an organization without an owner.
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { hasRole, type Role } from "@/lib/auth/roles";
import { recordControlEvent, type Actor } from "@/lib/data/control-events";

export type MemberView = { id: string; userId: string; name: string; email: string; role: Role; joinedAt: string };

export async function listMembers(orgId: string): Promise<MemberView[]> {
  const rows = await db.membership.findMany({
    where: { orgId },
    include: { user: { select: { name: true, email: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((m) => ({ id: m.id, userId: m.userId, name: m.user.name, email: m.user.email, role: m.role, joinedAt: m.createdAt.toISOString() }));
}

/** Admins manage admins, editors and viewers; only an owner makes or unmakes an owner. */
export function canManage(actorRole: Role, targetRole: Role, newRole?: Role): boolean {
  if (!hasRole(actorRole, "admin")) return false;
  if (actorRole === "owner") return true;
  return targetRole !== "owner" && newRole !== "owner";
}

async function lockOwners(tx: Prisma.TransactionClient, orgId: string): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM memberships WHERE "orgId" = ${orgId} AND role = 'owner' ORDER BY id FOR UPDATE`;
  return rows.map((r) => r.id);
}

const lastOwner = () =>
  new AppError({ code: "conflict", message: "An organization needs at least one owner: make someone else an owner first" });

export async function changeMemberRole(orgId: string, actor: Actor & { role: Role }, membershipId: string, role: Role) {
  const updated = await db.$transaction(async (tx) => {
    const owners = await lockOwners(tx, orgId);
    const target = await tx.membership.findFirst({ where: { orgId, id: membershipId } });
    if (!target) throw notFound("No such member");
    if (!canManage(actor.role, target.role, role)) {
      throw new AppError({ code: "forbidden", message: "Only an owner can change an owner's role or make someone an owner" });
    }
    if (target.role === "owner" && role !== "owner" && owners.length <= 1) throw lastOwner();
    return tx.membership.update({ where: { id: target.id }, data: { role }, include: { user: { select: { email: true } } } });
  });
  await recordControlEvent(orgId, actor, {
    method: "member/role",
    decision: role,
    detail: { membershipId, userId: updated.userId, email: updated.user.email, role },
  });
}

/** Removes a member (or the actor themself: leaving). The last owner cannot go. */
export async function removeMember(orgId: string, actor: Actor & { role: Role }, membershipId: string) {
  const removed = await db.$transaction(async (tx) => {
    const owners = await lockOwners(tx, orgId);
    const target = await tx.membership.findFirst({ where: { orgId, id: membershipId }, include: { user: { select: { email: true } } } });
    if (!target) throw notFound("No such member");
    const leaving = target.userId === actor.userId;
    if (!leaving && !canManage(actor.role, target.role)) {
      throw new AppError({ code: "forbidden", message: "You cannot remove this member" });
    }
    if (target.role === "owner" && owners.length <= 1) throw lastOwner();
    await tx.membership.delete({ where: { id: target.id } });
    return { ...target, leaving };
  });
  await recordControlEvent(orgId, actor, {
    method: removed.leaving ? "member/leave" : "member/remove",
    decision: "removed",
    detail: { membershipId, userId: removed.userId, email: removed.user.email },
  });
}

export async function findMembershipOfUser(orgId: string, userId: string) {
  return db.membership.findFirst({ where: { orgId, userId } });
}
