// Grant tokens: created, revoked and rotated here; the token is returned once and only its
// sha256 is stored. Every function takes the org id first and scopes every query by it; the
// control plane's lifecycle functions add the acting person and the audit row around these.
import { generateToken } from "@/lib/crypto";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";

/** The Prisma client, or a transaction's, so a change can commit together with its audit row. */
type Client = Prisma.TransactionClient;

export type CreateGrantInput = { serverId: string; policyId: string; name: string; expiresAt?: Date | null; createdById?: string | null };

export type IssuedGrant = {
  id: string;
  name: string;
  serverId: string;
  policyId: string;
  tokenPrefix: string;
  expiresAt: Date | null;
  /** The secret: shown once, never stored. */
  token: string;
};

async function assertServerAndPolicy(client: Client, orgId: string, serverId: string, policyId: string): Promise<void> {
  const server = await client.mcpServer.findFirst({ where: { orgId, id: serverId }, select: { id: true } });
  if (!server) throw new AppError({ code: "not_found", message: "No such server", pointer: "/serverId" });
  const policy = await client.policy.findFirst({ where: { orgId, id: policyId }, select: { serverId: true } });
  if (!policy) throw new AppError({ code: "not_found", message: "No such policy", pointer: "/policyId" });
  if (policy.serverId !== serverId) {
    throw new AppError({ code: "unprocessable", message: "This policy belongs to another server", pointer: "/policyId" });
  }
}

export async function createGrant(orgId: string, input: CreateGrantInput, client: Client = db): Promise<IssuedGrant> {
  const name = input.name.trim();
  if (!name || name.length > 100) throw new AppError({ code: "unprocessable", message: "The name must be 1 to 100 characters", pointer: "/name" });
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
    throw new AppError({ code: "unprocessable", message: "The expiry must be in the future", pointer: "/expiresAt" });
  }
  await assertServerAndPolicy(client, orgId, input.serverId, input.policyId);
  const { token, hash, displayPrefix } = generateToken("grant");
  const grant = await client.grant.create({
    data: {
      orgId, serverId: input.serverId, policyId: input.policyId, name, tokenHash: hash, tokenPrefix: displayPrefix,
      createdById: input.createdById ?? null, expiresAt: input.expiresAt ?? null,
    },
  });
  return { id: grant.id, name, serverId: grant.serverId, policyId: grant.policyId, tokenPrefix: displayPrefix, expiresAt: grant.expiresAt, token };
}

/** Revokes the grant; returns false when it was already revoked. Gateway workers drop it within a second (NOTIFY). */
export async function revokeGrant(orgId: string, grantId: string, client: Client = db): Promise<boolean> {
  const { count } = await client.grant.updateMany({ where: { orgId, id: grantId, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 1) return true;
  if (await client.grant.findFirst({ where: { orgId, id: grantId }, select: { id: true } })) return false;
  throw notFound("No such grant");
}

/** A new token for an active grant; the old token stops working at once. */
export async function rotateGrant(orgId: string, grantId: string, client: Client = db): Promise<{ token: string; tokenPrefix: string }> {
  const { token, hash, displayPrefix } = generateToken("grant");
  const { count } = await client.grant.updateMany({
    where: { orgId, id: grantId, revokedAt: null },
    data: { tokenHash: hash, tokenPrefix: displayPrefix },
  });
  if (count === 0) throw notFound("No such active grant");
  return { token, tokenPrefix: displayPrefix };
}

export type UpdateGrantInput = { name?: string; policyId?: string; expiresAt?: Date | null };

/**
 * Renames an active grant, moves it to another policy of its server, or changes its expiry; the
 * token stays the same. A policy or expiry change bumps the grant's version, and the trigger's
 * NOTIFY makes every gateway worker drop its cached copy, so the change is in force at once.
 */
export async function updateGrant(orgId: string, grantId: string, input: UpdateGrantInput, client: Client = db): Promise<{ serverId: string; before: { name: string; policyId: string; expiresAt: Date | null } }> {
  const grant = await client.grant.findFirst({ where: { orgId, id: grantId }, select: { serverId: true, name: true, policyId: true, expiresAt: true, revokedAt: true } });
  if (!grant) throw notFound("No such grant");
  if (grant.revokedAt) throw new AppError({ code: "conflict", message: "This grant is revoked: create a new grant instead" });
  if (input.policyId !== undefined) await assertServerAndPolicy(client, orgId, grant.serverId, input.policyId);
  const { count } = await client.grant.updateMany({
    where: { orgId, id: grantId, revokedAt: null },
    data: {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.policyId !== undefined ? { policyId: input.policyId } : {}),
      ...(input.expiresAt !== undefined ? { expiresAt: input.expiresAt } : {}),
    },
  });
  if (count === 0) throw new AppError({ code: "conflict", message: "This grant is revoked: create a new grant instead" });
  return { serverId: grant.serverId, before: { name: grant.name, policyId: grant.policyId, expiresAt: grant.expiresAt } };
}
