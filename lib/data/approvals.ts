// Held calls waiting for a person. A decision is one conditional UPDATE (pending and not expired →
// approved/denied), so two people clicking at once decide once; the table's trigger NOTIFYs the
// gateway worker that holds the call.
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ApprovalListQuery, ApprovalStatus, ApprovalView } from "@/lib/schemas/approval";
import { recordControlEvent, type Actor } from "@/lib/data/control-events";
import { checkAllowIdentical, createStandingApproval } from "@/lib/data/standing-approvals";

type ApprovalRow = Prisma.ApprovalGetPayload<{ include: { grant: { select: { name: true } } } }>;

/** A pending row past its expiry is expired, whether or not a worker has marked it yet. */
export function effectiveStatus(row: { status: ApprovalStatus; expiresAt: Date }, now = new Date()): ApprovalStatus {
  return row.status === "pending" && row.expiresAt <= now ? "expired" : row.status;
}

function statusWhere(status: ApprovalListQuery["status"], now: Date): Prisma.ApprovalWhereInput {
  switch (status) {
    case "pending":
      return { status: "pending", expiresAt: { gt: now } };
    case "decided":
      return { OR: [{ status: { not: "pending" } }, { expiresAt: { lte: now } }] };
    case "expired":
      return { OR: [{ status: "expired" }, { status: "pending", expiresAt: { lte: now } }] };
    case "approved":
    case "denied":
      return { status };
    case "all":
      return {};
  }
}

async function deciderNames(orgId: string, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const [users, keys] = await Promise.all([
    db.user.findMany({ where: { id: { in: unique }, memberships: { some: { orgId } } }, select: { id: true, name: true } }),
    db.apiKey.findMany({ where: { orgId, id: { in: unique } }, select: { id: true, name: true } }),
  ]);
  return new Map([...users.map((u) => [u.id, u.name] as const), ...keys.map((k) => [k.id, `API key “${k.name}”`] as const)]);
}

function toView(row: ApprovalRow, names: Map<string, string>, now: Date): ApprovalView {
  return {
    id: row.id,
    grantId: row.grantId,
    grantName: row.grant.name,
    serverId: row.serverId,
    toolName: row.toolName,
    arguments: row.arguments,
    policyId: row.policyId,
    policyVersion: row.policyVersion,
    ruleId: row.ruleId,
    status: effectiveStatus(row, now),
    note: row.note,
    decidedBy: row.decidedById ? (names.get(row.decidedById) ?? null) : null,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
  };
}

/** Pending: oldest first (the most urgent). History: newest first. The cursor is the last id. */
export async function listApprovals(orgId: string, query: ApprovalListQuery) {
  const now = new Date();
  const direction = query.status === "pending" ? "asc" : "desc";
  const rows = await db.approval.findMany({
    where: { orgId, ...statusWhere(query.status, now) },
    include: { grant: { select: { name: true } } },
    orderBy: [{ createdAt: direction }, { id: direction }],
    take: query.limit + 1,
    ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, query.limit);
  const names = await deciderNames(orgId, page.flatMap((r) => (r.decidedById ? [r.decidedById] : [])));
  return { data: page.map((r) => toView(r, names, now)), nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null };
}

export async function countPendingApprovals(orgId: string): Promise<number> {
  return db.approval.count({ where: { orgId, status: "pending", expiresAt: { gt: new Date() } } });
}

export async function getApproval(orgId: string, id: string): Promise<ApprovalView> {
  const row = await db.approval.findFirst({ where: { orgId, id }, include: { grant: { select: { name: true } } } });
  if (!row) throw notFound("No such approval");
  const names = await deciderNames(orgId, row.decidedById ? [row.decidedById] : []);
  return toView(row, names, new Date());
}

/**
 * Approve or deny once. Already decided or expired → 409; another org's id → 404. Approving with
 * `allowIdenticalMinutes` also allows identical calls for that long, where the rule permits it (else 422,
 * and nothing is decided); both are written in one transaction.
 */
export async function decideApproval(
  orgId: string,
  id: string,
  input: { decision: "approved" | "denied"; note?: string; allowIdenticalMinutes?: number; actor: Actor },
): Promise<ApprovalView & { allowIdenticalUntil: string | null }> {
  const now = new Date();
  const standing = input.decision === "approved" && input.allowIdenticalMinutes ? input.allowIdenticalMinutes : undefined;
  const held = standing === undefined ? null : await db.approval.findFirst({ where: { orgId, id } });
  if (standing !== undefined && !held) throw notFound("No such approval");
  const until = held && standing !== undefined ? await checkAllowIdentical(orgId, held, standing, now) : null;
  const count = await db.$transaction(async (tx) => {
    const updated = await tx.approval.updateMany({
      where: { orgId, id, status: "pending", expiresAt: { gt: now } },
      data: { status: input.decision, decidedById: input.actor.userId ?? input.actor.apiKeyId, decidedAt: now, note: input.note || null },
    });
    if (updated.count === 1 && held && until) await createStandingApproval(tx, held, until, input.actor.userId ?? input.actor.apiKeyId);
    return updated.count;
  });
  if (count === 0) {
    const current = await getApproval(orgId, id);
    throw new AppError({ code: "conflict", message: `This call was already ${current.status}` });
  }
  if (input.decision === "approved") {
    // An agent told to retry learns of the approval only by retrying: it gets as long after the
    // approval as the person had to decide.
    await db.$executeRaw`UPDATE approvals SET "expiresAt" = "decidedAt" + ("expiresAt" - "createdAt") WHERE id = ${id} AND "orgId" = ${orgId} AND mode = 'retry'`;
  }
  const view = await getApproval(orgId, id);
  await recordControlEvent(orgId, input.actor, {
    method: `approval/${input.decision === "approved" ? "approve" : "deny"}`,
    decision: input.decision,
    grantId: view.grantId,
    serverId: view.serverId,
    tool: view.toolName,
    reason: input.note || null,
    detail: until ? { approvalId: id, allowIdenticalUntil: until.toISOString() } : { approvalId: id },
  });
  return { ...view, allowIdenticalUntil: until?.toISOString() ?? null };
}
