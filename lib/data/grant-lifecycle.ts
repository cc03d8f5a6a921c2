// Creating, revoking and rotating grants from the control plane: the token change and the
// control-plane audit row with the acting person, committed in one transaction. The token is
// shown once and stored as sha256.
import { db } from "@/lib/db";
import { createGrant, revokeGrant, rotateGrant, updateGrant } from "@/lib/data/grants";
import type { CreateGrantBody, CreatedGrant, UpdateGrantBody } from "@/lib/schemas/grant";
import { recordControlEvent, type Actor } from "@/lib/data/control-events";
import { gatewayUrlFor, secretUrlFor } from "@/lib/data/grant-views";
import { revokeOauthGrant } from "@/lib/oauth/adapter";

export async function createGrantFor(orgId: string, actor: Actor, body: CreateGrantBody): Promise<CreatedGrant> {
  const grant = await db.$transaction(async (tx) => {
    const created = await createGrant(orgId, {
      serverId: body.serverId, policyId: body.policyId, name: body.name, createdById: actor.userId,
      expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
    }, tx);
    await recordControlEvent(orgId, actor, {
      method: "grant/create", decision: "created", grantId: created.id, serverId: created.serverId, policyId: created.policyId,
      detail: { name: created.name, expiresAt: body.expiresAt ?? null },
    }, tx);
    return created;
  });
  const token = grant.token;
  return { id: grant.id, name: grant.name, token, gatewayUrl: gatewayUrlFor(grant.serverId), secretUrl: secretUrlFor(token) };
}

/** Revokes once (again is a no-op); gateway workers drop the token within a second (NOTIFY). */
export async function revokeGrantFor(orgId: string, actor: Actor, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    if (!(await revokeGrant(orgId, id, tx))) return;
    // An OAuth client's grant: its access and refresh tokens end with it.
    const { oauthGrantId } = await tx.grant.findFirstOrThrow({ where: { orgId, id }, select: { oauthGrantId: true } });
    if (oauthGrantId) await revokeOauthGrant(oauthGrantId, tx);
    await recordControlEvent(orgId, actor, { method: "grant/revoke", decision: "revoked", grantId: id }, tx);
  });
}

/** A new token for the same grant; the old one stops working at once. */
export async function rotateGrantFor(orgId: string, actor: Actor, id: string): Promise<CreatedGrant> {
  const { token, grant } = await db.$transaction(async (tx) => {
    const { token } = await rotateGrant(orgId, id, tx);
    const grant = await tx.grant.findFirstOrThrow({ where: { orgId, id } });
    await recordControlEvent(orgId, actor, { method: "grant/rotate", decision: "rotated", grantId: id, serverId: grant.serverId }, tx);
    return { token, grant };
  });
  return { id, name: grant.name, token, gatewayUrl: gatewayUrlFor(grant.serverId), secretUrl: secretUrlFor(token) };
}

/** Renames, moves to another policy or re-dates the grant, with the same token; audited with what changed. */
export async function updateGrantFor(orgId: string, actor: Actor, id: string, body: UpdateGrantBody): Promise<void> {
  await db.$transaction(async (tx) => {
    const input = { name: body.name, policyId: body.policyId, expiresAt: body.expiresAt === undefined ? undefined : body.expiresAt === null ? null : new Date(body.expiresAt) };
    const { serverId, before } = await updateGrant(orgId, id, input, tx);
    const changed = Object.fromEntries(
      (["name", "policyId", "expiresAt"] as const)
        .filter((field) => input[field] !== undefined)
        .map((field) => [field, { from: before[field] ?? null, to: input[field] ?? null }]),
    );
    await recordControlEvent(orgId, actor, {
      method: "grant/update", decision: "updated", grantId: id, serverId, policyId: input.policyId ?? before.policyId, detail: { changed },
    }, tx);
  });
}
