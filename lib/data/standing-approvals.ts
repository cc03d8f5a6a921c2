// "Approve and allow identical calls for N minutes". Allowed only where the approval rule, as
// the policy version that held the call wrote it, says `approval.allow_identical_for`, and for at
// most that long. The standing approval is bound to {grant, tool, canonical arguments hash, policy
// version, until}: the gateway honours it for those calls only, and a new policy version ends it.
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { recordControlEvent, type Actor } from "@/lib/data/control-events";
import type { Prisma } from "@/lib/generated/prisma/client";
import { approvalSchema, durationSeconds } from "@/lib/schemas/policy";
import { atPointer } from "@/lib/policy/json-pointer";
import type { StandingApprovalListQuery, StandingApprovalView } from "@/lib/schemas/approval";

type HeldRow = { id: string; orgId: string; grantId: string; serverId: string; toolName: string; argumentsHash: string; policyId: string; policyVersion: number; ruleId: string };

/** Seconds the rule lets an approver allow identical calls for; 0 when it does not. */
export async function allowIdenticalLimitSeconds(orgId: string, held: Pick<HeldRow, "policyId" | "policyVersion" | "ruleId">): Promise<number> {
  const version = await db.policyVersion.findFirst({ where: { orgId, policyId: held.policyId, version: held.policyVersion }, select: { document: true } });
  const rule = version ? atPointer(version.document, held.ruleId) : undefined;
  const approval = approvalSchema.safeParse((rule as { approval?: unknown } | undefined)?.approval);
  const limit = approval.success ? approval.data.allow_identical_for : undefined;
  return limit === undefined ? 0 : durationSeconds(limit);
}

/** Refuses (422) a length the rule does not permit; returns the standing approval's end. */
export async function checkAllowIdentical(orgId: string, held: HeldRow, minutes: number, now: Date): Promise<Date> {
  const limitSeconds = await allowIdenticalLimitSeconds(orgId, held);
  if (limitSeconds === 0) {
    throw new AppError({ code: "unprocessable", message: `The rule ${held.ruleId} does not let an approver allow identical calls (its approval has no "allow_identical_for")` });
  }
  if (minutes * 60 > limitSeconds) {
    throw new AppError({ code: "unprocessable", message: `The rule ${held.ruleId} lets an approver allow identical calls for at most ${Math.floor(limitSeconds / 60)} minutes` });
  }
  return new Date(now.getTime() + minutes * 60_000);
}

export async function createStandingApproval(tx: Prisma.TransactionClient, held: HeldRow, until: Date, createdById: string | null): Promise<void> {
  await tx.standingApproval.create({
    data: {
      orgId: held.orgId, grantId: held.grantId, serverId: held.serverId, toolName: held.toolName, argumentsHash: held.argumentsHash,
      policyId: held.policyId, policyVersion: held.policyVersion, approvalId: held.id, until, createdById,
    },
  });
}

/** The standing approval an approval created, if any, with its end. */
export async function standingApprovalOf(orgId: string, approvalId: string): Promise<{ id: string; until: string; revokedAt: string | null } | null> {
  const row = await db.standingApproval.findFirst({ where: { orgId, approvalId }, select: { id: true, until: true, revokedAt: true } });
  return row ? { id: row.id, until: row.until.toISOString(), revokedAt: row.revokedAt?.toISOString() ?? null } : null;
}

type StandingRow = Prisma.StandingApprovalGetPayload<object>;

function toStandingView(row: StandingRow, now: Date): StandingApprovalView {
  return {
    id: row.id, approvalId: row.approvalId, grantId: row.grantId, serverId: row.serverId, toolName: row.toolName,
    policyId: row.policyId, policyVersion: row.policyVersion, createdAt: row.createdAt.toISOString(), until: row.until.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null, active: row.revokedAt === null && row.until > now,
  };
}

/** The allowance an approval created, stopped or over included. None, or another org's: 404. */
export async function getStandingApproval(orgId: string, approvalId: string): Promise<StandingApprovalView> {
  const row = await db.standingApproval.findFirst({ where: { orgId, approvalId } });
  if (!row) throw notFound("This approval allows no identical calls");
  return toStandingView(row, new Date());
}

/** A grant's allowances, newest first (default: only those the gateway honours now). Another org's grant: 404. */
export async function listStandingApprovals(orgId: string, grantId: string, query: StandingApprovalListQuery) {
  const grant = await db.grant.findFirst({ where: { orgId, id: grantId }, select: { id: true } });
  if (!grant) throw notFound("No such grant");
  const now = new Date();
  const rows = await db.standingApproval.findMany({
    where: { orgId, grantId, ...(query.status === "active" ? { revokedAt: null, until: { gt: now } } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, query.limit);
  return { data: page.map((r) => toStandingView(r, now)), nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null };
}

/**
 * Ends a standing approval now; the gateway's next identical call asks a person again (it looks
 * the allowance up on every call that needs approval, nothing is cached). Already stopped, none,
 * or another org's: 404. The page's "Stop allowing identical calls" and the REST DELETE both end here.
 */
export async function revokeStandingApproval(orgId: string, approvalId: string, actor: Actor): Promise<StandingApprovalView> {
  const row = await db.standingApproval.findFirst({ where: { orgId, approvalId, revokedAt: null } });
  if (!row) throw notFound("No identical calls are allowed by this approval");
  const revokedAt = new Date();
  const { count } = await db.standingApproval.updateMany({ where: { orgId, id: row.id, revokedAt: null }, data: { revokedAt } });
  if (count === 0) throw notFound("No identical calls are allowed by this approval");
  await recordControlEvent(orgId, actor, {
    method: "approval/stop-identical", decision: "revoked", grantId: row.grantId, serverId: row.serverId, tool: row.toolName, reason: null,
    detail: { approvalId, standingApprovalId: row.id },
  });
  return toStandingView({ ...row, revokedAt }, revokedAt);
}
