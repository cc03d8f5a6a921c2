// Organization API keys for the REST API: shown once, stored as sha256, revocable.
import { db } from "@/lib/db";
import { generateToken } from "@/lib/crypto";
import { notFound } from "@/lib/errors";
import { hasRole, type Role } from "@/lib/auth/roles";

export async function createApiKey(orgId: string, input: { name: string; role?: Role; createdById?: string | null }) {
  const { token, hash, displayPrefix } = generateToken("apikey");
  const key = await db.apiKey.create({
    data: { orgId, name: input.name, keyHash: hash, keyPrefix: displayPrefix, role: input.role ?? "admin", createdById: input.createdById ?? null },
    select: { id: true, name: true, keyPrefix: true, role: true, createdAt: true },
  });
  return { ...key, token };
}

export async function revokeApiKey(orgId: string, id: string) {
  const { count } = await db.apiKey.updateMany({ where: { orgId, id, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0) throw notFound();
}

/** The organization's keys for the settings page: never the hash, only the display prefix; who created each. */
export async function listApiKeys(orgId: string) {
  const keys = await db.apiKey.findMany({
    where: { orgId },
    select: { id: true, name: true, keyPrefix: true, role: true, createdById: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
  });
  const creatorIds = [...new Set(keys.flatMap((k) => (k.createdById ? [k.createdById] : [])))];
  const creators = await db.user.findMany({ where: { id: { in: creatorIds } }, select: { id: true, name: true, email: true } });
  const nameOf = new Map(creators.map((u) => [u.id, u.name || u.email]));
  return keys.map(({ createdById, ...k }) => ({ ...k, createdBy: createdById ? (nameOf.get(createdById) ?? "a deleted user") : null }));
}

const lastUsedEveryMs = 60_000;

/**
 * Resolves a presented key to what it may do now. A key acts with the lower of its own role and
 * its creator's current role in the organization, and stops when its creator is no longer a
 * member. (Keys from before creators were recorded have no creator and act with their own role.)
 * lastUsedAt is written at most once a minute per key, so a busy key does not write every call.
 */
export async function resolveApiKey(keyHash: string, now = new Date()) {
  const key = await db.apiKey.findUnique({ where: { keyHash }, include: { org: true } });
  if (!key || key.revokedAt) return null;
  let role = key.role;
  if (key.createdById) {
    const membership = await db.membership.findUnique({ where: { orgId_userId: { orgId: key.orgId, userId: key.createdById } }, select: { role: true } });
    if (!membership) return null;
    if (!hasRole(membership.role, role)) role = membership.role;
  }
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= lastUsedEveryMs) {
    await db.apiKey.updateMany({
      where: { id: key.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: new Date(now.getTime() - lastUsedEveryMs) } }] },
      data: { lastUsedAt: now },
    });
  }
  return { id: key.id, orgId: key.orgId, slug: key.org.slug, orgName: key.org.name, role };
}
