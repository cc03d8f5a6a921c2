// Organization API keys for the REST API: shown once, stored as sha256, revocable.
import { db } from "@/lib/db";
import { generateToken } from "@/lib/crypto";
import { notFound } from "@/lib/errors";
import type { Role } from "@/lib/auth/roles";

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

/** The organization's keys for the settings page: never the hash, only the display prefix. */
export async function listApiKeys(orgId: string) {
  return db.apiKey.findMany({
    where: { orgId },
    select: { id: true, name: true, keyPrefix: true, role: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
  });
}
