// Leaving for good: deleting an organization (its owner, after typing its name) and deleting
// an account (refused while it alone owns an organization that others still use).
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { verifyPassword } from "@/lib/auth/password";
import type { AccountDeletionBlocker } from "@/lib/schemas/account-lifecycle";

/**
 * Deletes the organization and, by cascade, its servers, tools, policies, grants, approvals,
 * keys, invitations and audit. Each deleted grant row fires the grants trigger's NOTIFY, so every
 * gateway worker drops it from its cache at once (tests/integration/account-deletion checks).
 */
export async function deleteOrganization(orgId: string, confirmName: string): Promise<void> {
  const org = await db.organization.findUnique({ where: { id: orgId }, select: { name: true } });
  if (!org) throw notFound();
  if (confirmName.trim() !== org.name) {
    throw new AppError({ code: "unprocessable", message: "Type the organization's name exactly to delete it", fields: { confirmName: `Type "${org.name}"` } });
  }
  const count = await withDeadlockRetry(() =>
    db.$transaction(async (tx) => {
      // Take the audit chain head first, as the gateway's audit writer does, so a batch being
      // written for this organization finishes (or waits) instead of deadlocking with the cascade.
      await tx.$queryRaw`SELECT 1 FROM audit_chain_heads WHERE "orgId" = ${orgId} FOR UPDATE`;
      return (await tx.organization.deleteMany({ where: { id: orgId } })).count;
    }),
  );
  if (count === 0) throw notFound();
}

/** Runs `work` again (up to three times) when Postgres picked it as a deadlock's victim. */
async function withDeadlockRetry<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= 3 || !/deadlock detected/i.test(String((error as Error)?.message))) throw error;
    }
  }
}

/** Organizations the user is the only owner of while others are members: they block deletion. */
export async function accountDeletionBlockers(userId: string): Promise<AccountDeletionBlocker[]> {
  const owned = await db.membership.findMany({
    where: { userId, role: "owner" },
    include: { org: { include: { memberships: { select: { userId: true, role: true } } } } },
  });
  return owned
    .filter(({ org }) => org.memberships.length > 1 && !org.memberships.some((m) => m.role === "owner" && m.userId !== userId))
    .map(({ org }) => ({ slug: org.slug, name: org.name, members: org.memberships.length }));
}

/**
 * Deletes the account after checking its password. Organizations where the person is the only
 * member go with it (nobody could reach them again); others just lose a member.
 */
export async function deleteAccount(userId: string, password: string): Promise<void> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw notFound();
  if (!(await verifyPassword(user.passwordHash, password))) {
    throw new AppError({ code: "forbidden", message: "The password is wrong", fields: { password: "The password is wrong" } });
  }
  const blockers = await accountDeletionBlockers(userId);
  if (blockers.length > 0) {
    const names = blockers.map((b) => b.name).join(", ");
    throw new AppError({ code: "conflict", message: `You are the last owner of ${names}, which has other members: make someone else an owner, or delete the organization, first` });
  }
  await withDeadlockRetry(() => db.$transaction(async (tx) => {
    const alone = await tx.organization.findMany({ where: { memberships: { every: { userId } } }, select: { id: true } });
    const ids = alone.map((o) => o.id).sort();
    await tx.$queryRaw`SELECT 1 FROM audit_chain_heads WHERE "orgId" = ANY(${ids}::text[]) ORDER BY "orgId" FOR UPDATE`;
    await tx.organization.deleteMany({ where: { id: { in: alone.map((o) => o.id) }, memberships: { some: { userId } } } });
    await tx.user.delete({ where: { id: userId } });
  }));
}
