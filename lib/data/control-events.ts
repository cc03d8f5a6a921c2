// The control plane's own changes (grant created, approval decided, member added…) go into the
// same hash-chained audit log as the gateway's decisions, with the acting user or API key.
// TEMPORARY: appends with its own minimal chain step until lib/audit (gateway helper) lands; then
// this delegates to that append so one function owns the chain format.
import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { OrgContext } from "@/lib/auth/with-org";

export type Actor = { userId: string | null; apiKeyId: string | null };

export const actorOf = (ctx: Pick<OrgContext, "user" | "apiKeyId">): Actor => ({ userId: ctx.user?.id ?? null, apiKeyId: ctx.apiKeyId });

export type ControlEvent = {
  method: string;
  decision: string;
  serverId?: string | null;
  grantId?: string | null;
  tool?: string | null;
  reason?: string | null;
  policyId?: string | null;
  policyVersion?: number | null;
  detail?: Record<string, unknown>;
};

export async function recordControlEvent(orgId: string, actor: Actor, event: ControlEvent): Promise<void> {
  const detail = { ...(event.detail ?? {}), ...(actor.apiKeyId ? { apiKeyId: actor.apiKeyId } : {}) };
  await db.$transaction(async (tx) => {
    const head = await lockHead(tx, orgId);
    const seq = head.lastSeq + 1n;
    const time = new Date();
    const fields = {
      orgId, seq: seq.toString(), time: time.toISOString(), kind: "control", method: event.method, decision: event.decision,
      serverId: event.serverId ?? null, grantId: event.grantId ?? null, actorUserId: actor.userId, tool: event.tool ?? null,
      reason: event.reason ?? null, policyId: event.policyId ?? null, policyVersion: event.policyVersion ?? null, detail,
    };
    const hash = createHash("sha256").update(head.lastHash + JSON.stringify(fields)).digest("hex");
    await tx.auditEvent.create({
      data: { ...fields, seq, time, detail: detail as Prisma.InputJsonValue, prevHash: head.lastHash, hash },
    });
    await tx.auditChainHead.update({ where: { orgId }, data: { lastSeq: seq, lastHash: hash } });
  });
}

async function lockHead(tx: Prisma.TransactionClient, orgId: string): Promise<{ lastSeq: bigint; lastHash: string }> {
  await tx.$executeRaw`INSERT INTO audit_chain_heads ("orgId", "lastSeq", "lastHash") VALUES (${orgId}, 0, ${"0".repeat(64)}) ON CONFLICT DO NOTHING`;
  const rows = await tx.$queryRaw<{ lastSeq: bigint; lastHash: string }[]>`
    SELECT "lastSeq", "lastHash" FROM audit_chain_heads WHERE "orgId" = ${orgId} FOR UPDATE`;
  return rows[0]!;
}
