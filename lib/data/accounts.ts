// Accounts: users, their organizations and memberships. Sign-up creates all three at once.
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/auth/roles";
import { hashPassword } from "@/lib/auth/password";
import type { SignUpBody } from "@/lib/schemas/account";
import { randomBytes } from "node:crypto";

// Top-level paths an organization slug must never shadow.
const reservedSlugs = new Set([
  "api", "sign-in", "sign-up", "new-organization", "invite", "catalog", "_next", "favicon.ico",
  "forgot-password", "reset-password", "verify-email", "dev",
]);

export function slugify(name: string): string {
  const base = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return base && !reservedSlugs.has(base) ? base : `${base || "org"}-org`;
}

async function uniqueSlug(tx: Prisma.TransactionClient, name: string): Promise<string> {
  const base = slugify(name);
  for (let attempt = 0; attempt < 5; attempt++) {
    const slug = attempt === 0 ? base : `${base}-${randomBytes(3).toString("hex")}`;
    if (!(await tx.organization.findUnique({ where: { slug } }))) return slug;
  }
  return `${base}-${randomBytes(6).toString("hex")}`;
}

export const duplicateEmailError = () =>
  new AppError({
    code: "conflict",
    message: "An account with this email already exists",
    fields: { email: "An account with this email already exists — sign in instead" },
  });

/** Creates the user, their organization and the owner membership in one transaction. */
export async function createAccount(body: SignUpBody): Promise<{ userId: string; orgSlug: string }> {
  if (await db.user.findUnique({ where: { email: body.email } })) throw duplicateEmailError();
  const passwordHash = await hashPassword(body.password);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email: body.email, name: body.name, passwordHash } });
      const slug = await uniqueSlug(tx, body.organization);
      const org = await tx.organization.create({ data: { name: body.organization, slug } });
      await tx.membership.create({ data: { orgId: org.id, userId: user.id, role: "owner" } });
      await tx.auditChainHead.create({ data: { orgId: org.id, lastHash: "0".repeat(64) } });
      return { userId: user.id, orgSlug: org.slug };
    });
  } catch (error) {
    // Two sign-ups racing for one email: the unique index decides, the loser sees the same message.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw duplicateEmailError();
    throw error;
  }
}

/** Another organization for a signed-in user, who becomes its owner. */
export async function createOrganization(userId: string, name: string): Promise<{ orgSlug: string }> {
  return db.$transaction(async (tx) => {
    const slug = await uniqueSlug(tx, name);
    const org = await tx.organization.create({ data: { name, slug } });
    await tx.membership.create({ data: { orgId: org.id, userId, role: "owner" } });
    await tx.auditChainHead.create({ data: { orgId: org.id, lastHash: "0".repeat(64) } });
    return { orgSlug: org.slug };
  });
}

export type MembershipSummary = { orgId: string; slug: string; name: string; role: Role };

export async function listMemberships(userId: string): Promise<MembershipSummary[]> {
  const rows = await db.membership.findMany({
    where: { userId },
    include: { org: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((m) => ({ orgId: m.orgId, slug: m.org.slug, name: m.org.name, role: m.role }));
}

export async function findMembershipBySlug(userId: string, slug: string): Promise<MembershipSummary | null> {
  const row = await db.membership.findFirst({ where: { userId, org: { slug } }, include: { org: true } });
  return row ? { orgId: row.orgId, slug: row.org.slug, name: row.org.name, role: row.role } : null;
}
