// The control plane's own changes (grant created, approval decided, member added…) go into the
// same hash-chained audit log as the gateway's decisions, with the acting user or API key.
// lib/audit owns the chain format; this adds who acted.
import { recordAudit, recordAuditNow } from "@/lib/audit";
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

/** Records the event; given the change's transaction, it commits (or rolls back) with the change. */
export async function recordControlEvent(orgId: string, actor: Actor, event: ControlEvent, tx?: Prisma.TransactionClient): Promise<void> {
  const detail = { ...(event.detail ?? {}), ...(actor.apiKeyId ? { apiKeyId: actor.apiKeyId } : {}) };
  const rows = [{ ...event, kind: "control", actorUserId: actor.userId, detail }];
  await (tx ? recordAudit(tx, orgId, rows) : recordAuditNow(orgId, rows));
}
