// Aggregates for the audit page's charts: calls per decision over time, top tools, top grants.
// Same filters as the table; the time range defaults to the last 24 hours.
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { AuditFilters } from "@/lib/schemas/audit";

export type Bucket = "minute" | "hour" | "day";
export type AuditStats = {
  bucket: Bucket;
  series: { time: string; counts: Record<string, number> }[];
  decisions: string[];
  topTools: { name: string; count: number }[];
  topGrants: { id: string; name: string; count: number }[];
};

function rangeOf(filters: AuditFilters, now = new Date()): { from: Date; to: Date; bucket: Bucket } {
  const to = filters.to ? new Date(filters.to) : now;
  const from = filters.from ? new Date(filters.from) : new Date(to.getTime() - 24 * 3600_000);
  const spanHours = (to.getTime() - from.getTime()) / 3600_000;
  return { from, to, bucket: spanHours <= 3 ? "minute" : spanHours <= 72 ? "hour" : "day" };
}

/** The table's filters as SQL, on the gateway's rows (control-plane changes are not calls). */
function sqlWhere(orgId: string, filters: AuditFilters, from: Date, to: Date): Prisma.Sql {
  const parts = [Prisma.sql`"orgId" = ${orgId}`, Prisma.sql`kind = 'gateway'`, Prisma.sql`time >= ${from}`, Prisma.sql`time <= ${to}`];
  if (filters.grantId) parts.push(Prisma.sql`"grantId" = ${filters.grantId}`);
  if (filters.serverId) parts.push(Prisma.sql`"serverId" = ${filters.serverId}`);
  if (filters.tool) parts.push(Prisma.sql`tool = ${filters.tool}`);
  if (filters.decision) parts.push(Prisma.sql`decision = ${filters.decision}`);
  if (filters.q) {
    const like = `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(
      Prisma.sql`(tool ILIKE ${like} OR method ILIKE ${like} OR "ruleId" ILIKE ${like} OR reason ILIKE ${like} OR decision ILIKE ${like} OR "requestId" = ${filters.q})`,
    );
  }
  return Prisma.join(parts, " AND ");
}

export async function auditStats(orgId: string, filters: AuditFilters): Promise<AuditStats> {
  const { from, to, bucket } = rangeOf(filters);
  const where = sqlWhere(orgId, filters, from, to);
  const [timeline, tools, grants] = await Promise.all([
    db.$queryRaw<{ t: Date; decision: string; n: bigint }[]>`
      SELECT date_trunc(${bucket}, time) AS t, decision, count(*) AS n FROM audit_events WHERE ${where} GROUP BY 1, 2 ORDER BY 1`,
    db.$queryRaw<{ name: string; n: bigint }[]>`
      SELECT tool AS name, count(*) AS n FROM audit_events WHERE ${where} AND tool IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 8`,
    db.$queryRaw<{ id: string; n: bigint }[]>`
      SELECT "grantId" AS id, count(*) AS n FROM audit_events WHERE ${where} AND "grantId" IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 8`,
  ]);
  const grantNames = new Map(
    (await db.grant.findMany({ where: { orgId, id: { in: grants.map((g) => g.id) } }, select: { id: true, name: true } })).map((g) => [g.id, g.name]),
  );
  const byTime = new Map<string, Record<string, number>>();
  for (const row of timeline) {
    const key = row.t.toISOString();
    const counts = byTime.get(key) ?? {};
    counts[row.decision] = Number(row.n);
    byTime.set(key, counts);
  }
  return {
    bucket,
    series: [...byTime].map(([time, counts]) => ({ time, counts })),
    decisions: [...new Set(timeline.map((r) => r.decision))].sort(),
    topTools: tools.map((t) => ({ name: t.name, count: Number(t.n) })),
    topGrants: grants.map((g) => ({ id: g.id, name: grantNames.get(g.id) ?? g.id, count: Number(g.n) })),
  };
}

/** Gateway calls per grant (all time) and the last one's time, for the grants pages. */
export async function usageByGrant(orgId: string, grantIds: string[]): Promise<Map<string, { calls: number; lastCallAt: Date | null }>> {
  if (grantIds.length === 0) return new Map();
  const rows = await db.auditEvent.groupBy({
    by: ["grantId"],
    where: { orgId, kind: "gateway", grantId: { in: grantIds } },
    _count: { _all: true },
    _max: { time: true },
  });
  return new Map(rows.map((r) => [r.grantId ?? "", { calls: r._count._all, lastCallAt: r._max.time }]));
}
