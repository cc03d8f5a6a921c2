// Creating, revoking and rotating grants from the control plane: the token change plus the
// control-plane audit row with the acting person. Token handling is shown once, stored as sha256.
// TEMPORARY: until lib/data/grants.ts (gateway helper) lands, the token writes live here too.
import { db } from "@/lib/db";
import { generateToken } from "@/lib/crypto";
import { AppError, notFound } from "@/lib/errors";
import type { CreateGrantBody, CreatedGrant } from "@/lib/schemas/grant";
import { recordControlEvent, type Actor } from "@/lib/data/control-events";
import { gatewayUrlFor, secretUrlFor } from "@/lib/data/grant-views";

async function checkServerAndPolicy(orgId: string, serverId: string, policyId: string) {
  const server = await db.mcpServer.findFirst({ where: { orgId, id: serverId }, select: { id: true } });
  if (!server) throw new AppError({ code: "not_found", message: "No such server", pointer: "/serverId" });
  const policy = await db.policy.findFirst({ where: { orgId, id: policyId }, select: { id: true, serverId: true } });
  if (!policy) throw new AppError({ code: "not_found", message: "No such policy", pointer: "/policyId" });
  if (policy.serverId !== serverId) {
    throw new AppError({ code: "unprocessable", message: "/policyId: this policy belongs to another server", pointer: "/policyId" });
  }
}

export async function createGrantFor(orgId: string, actor: Actor, body: CreateGrantBody): Promise<CreatedGrant> {
  await checkServerAndPolicy(orgId, body.serverId, body.policyId);
  const { token, hash, displayPrefix } = generateToken("grant");
  const grant = await db.grant.create({
    data: {
      orgId, serverId: body.serverId, policyId: body.policyId, name: body.name, tokenHash: hash, tokenPrefix: displayPrefix,
      createdById: actor.userId, expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
    },
  });
  await recordControlEvent(orgId, actor, {
    method: "grant.created", decision: "created", grantId: grant.id, serverId: grant.serverId, policyId: grant.policyId,
    detail: { name: grant.name, expiresAt: body.expiresAt ?? null },
  });
  return { id: grant.id, name: grant.name, token, gatewayUrl: gatewayUrlFor(grant.serverId), secretUrl: secretUrlFor(token) };
}

/** Revokes once; bumping version and the row change tell gateway workers to drop cached tokens. */
export async function revokeGrantFor(orgId: string, actor: Actor, id: string): Promise<void> {
  const { count } = await db.grant.updateMany({
    where: { orgId, id, revokedAt: null },
    data: { revokedAt: new Date(), version: { increment: 1 } },
  });
  if (count === 0) {
    if (await db.grant.findFirst({ where: { orgId, id }, select: { id: true } })) return; // already revoked: idempotent
    throw notFound("No such grant");
  }
  await recordControlEvent(orgId, actor, { method: "grant.revoked", decision: "revoked", grantId: id });
}

/** A new token for the same grant; the old one stops working at once. */
export async function rotateGrantFor(orgId: string, actor: Actor, id: string): Promise<CreatedGrant> {
  const { token, hash, displayPrefix } = generateToken("grant");
  const { count } = await db.grant.updateMany({
    where: { orgId, id, revokedAt: null },
    data: { tokenHash: hash, tokenPrefix: displayPrefix, version: { increment: 1 } },
  });
  if (count === 0) throw notFound("No such active grant");
  const grant = await db.grant.findFirstOrThrow({ where: { orgId, id } });
  await recordControlEvent(orgId, actor, { method: "grant.rotated", decision: "rotated", grantId: id, serverId: grant.serverId });
  return { id, name: grant.name, token, gatewayUrl: gatewayUrlFor(grant.serverId), secretUrl: secretUrlFor(token) };
}
