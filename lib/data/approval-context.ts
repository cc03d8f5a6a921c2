// The approval page's context: the grant (its agent), the tool's risk and class, the rule as the
// policy version wrote it, the previous approved call of the same tool, and the grant's recent
// decisions. Everything is read with the org id, so another organization's approval is a 404.
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { ApprovalContextView } from "@/lib/schemas/approval";
import { getApproval } from "@/lib/data/approvals";
import { atPointer } from "@/lib/policy/json-pointer";
import { allowIdenticalLimitSeconds, standingApprovalOf } from "@/lib/data/standing-approvals";

const RECENT_DAYS = 7;

async function recentDecisions(orgId: string, grantId: string, since: Date): Promise<ApprovalContextView["recent"]> {
  const groups = await db.approval.groupBy({ by: ["status"], where: { orgId, grantId, createdAt: { gte: since } }, _count: { _all: true } });
  const count = (status: string) => groups.find((g) => g.status === status)?._count._all ?? 0;
  return { days: RECENT_DAYS, approved: count("approved"), denied: count("denied"), expired: count("expired") };
}

export async function getApprovalContext(orgId: string, id: string): Promise<ApprovalContextView> {
  const approval = await getApproval(orgId, id);
  const row = await db.approval.findFirst({ where: { orgId, id }, select: { mode: true, createdAt: true } });
  if (!row) throw notFound("No such approval");
  const since = new Date(Date.now() - RECENT_DAYS * 86_400_000);
  const [server, tool, version, previous, recent, limitSeconds, standing] = await Promise.all([
    db.mcpServer.findFirst({ where: { orgId, id: approval.serverId }, select: { name: true } }),
    db.tool.findFirst({
      where: { orgId, serverId: approval.serverId, name: approval.toolName },
      select: { risk: true, class: true, riskReasons: true, classReasons: true, description: true },
    }),
    db.policyVersion.findFirst({ where: { orgId, policyId: approval.policyId, version: approval.policyVersion }, select: { document: true } }),
    db.approval.findFirst({
      where: { orgId, grantId: approval.grantId, toolName: approval.toolName, status: "approved", id: { not: id }, createdAt: { lt: row.createdAt } },
      orderBy: { createdAt: "desc" },
      select: { id: true, arguments: true, decidedAt: true },
    }),
    recentDecisions(orgId, approval.grantId, since),
    allowIdenticalLimitSeconds(orgId, approval),
    standingApprovalOf(orgId, id),
  ]);
  return {
    approval,
    mode: row.mode,
    serverName: server?.name ?? approval.serverId,
    tool,
    rule: version ? atPointer(version.document, approval.ruleId) : undefined,
    previous: previous ? { id: previous.id, arguments: previous.arguments, decidedAt: previous.decidedAt?.toISOString() ?? null } : null,
    recent,
    allowIdenticalMaxMinutes: Math.floor(limitSeconds / 60),
    standing,
  };
}
