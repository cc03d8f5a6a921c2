// Reading the audit log: filters, keyset pagination on the (orgId, id) index, and the batches
// the exports stream. Writing happens in lib/audit (one hash chain per organization).
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { AuditEventView, AuditFilters } from "@/lib/schemas/audit";

type AuditRow = Prisma.AuditEventGetPayload<object>;

export function auditWhere(orgId: string, filters: AuditFilters): Prisma.AuditEventWhereInput {
  const where: Prisma.AuditEventWhereInput = { orgId };
  if (filters.grantId) where.grantId = filters.grantId;
  if (filters.serverId) where.serverId = filters.serverId;
  if (filters.tool) where.tool = filters.tool;
  if (filters.decision) where.decision = filters.decision;
  if (filters.kind) where.kind = filters.kind;
  if (filters.from || filters.to) {
    where.time = { ...(filters.from ? { gte: new Date(filters.from) } : {}), ...(filters.to ? { lte: new Date(filters.to) } : {}) };
  }
  if (filters.q) {
    const contains = { contains: filters.q, mode: "insensitive" as const };
    where.OR = [
      { tool: contains },
      { method: contains },
      { ruleId: contains },
      { reason: contains },
      { decision: contains },
      { requestId: filters.q },
    ];
  }
  return where;
}

/** Names for the ids on a page of rows: grants, servers and acting users, each org-scoped. */
async function namesFor(orgId: string, rows: AuditRow[]) {
  const ids = (pick: (row: AuditRow) => string | null) => [...new Set(rows.map(pick).filter((v): v is string => Boolean(v)))];
  const [grants, servers, users] = await Promise.all([
    db.grant.findMany({ where: { orgId, id: { in: ids((r) => r.grantId) } }, select: { id: true, name: true } }),
    db.mcpServer.findMany({ where: { orgId, id: { in: ids((r) => r.serverId) } }, select: { id: true, name: true } }),
    db.user.findMany({
      where: { id: { in: ids((r) => r.actorUserId) }, memberships: { some: { orgId } } },
      select: { id: true, name: true, email: true },
    }),
  ]);
  return {
    grant: new Map(grants.map((g) => [g.id, g.name])),
    server: new Map(servers.map((s) => [s.id, s.name])),
    user: new Map(users.map((u) => [u.id, `${u.name} <${u.email}>`])),
  };
}

function toView(row: AuditRow, names: Awaited<ReturnType<typeof namesFor>>): AuditEventView {
  return {
    id: row.id.toString(),
    seq: row.seq.toString(),
    time: row.time.toISOString(),
    kind: row.kind === "control" ? "control" : "gateway",
    serverId: row.serverId,
    serverName: row.serverId ? (names.server.get(row.serverId) ?? null) : null,
    grantId: row.grantId,
    grantName: row.grantId ? (names.grant.get(row.grantId) ?? null) : null,
    actorUserId: row.actorUserId,
    actorName: row.actorUserId ? (names.user.get(row.actorUserId) ?? null) : null,
    method: row.method,
    tool: row.tool,
    decision: row.decision,
    ruleId: row.ruleId,
    reason: row.reason,
    policyId: row.policyId,
    policyVersion: row.policyVersion,
    argsHash: row.argsHash,
    latencyMs: row.latencyMs,
    upstreamOutcome: row.upstreamOutcome,
    requestId: row.requestId,
    detail: row.detail ?? null,
    hash: row.hash,
  };
}

/**
 * One page, newest first. The cursor is the last id seen, so each page is an index range scan
 * on (orgId, id) (or a filter's (orgId, column, id) index) however deep the page is.
 */
export async function listAuditEvents(
  orgId: string,
  query: AuditFilters & { cursor?: string; limit: number },
): Promise<{ data: AuditEventView[]; nextCursor: string | null }> {
  const where = auditWhere(orgId, query);
  if (query.cursor) where.id = { lt: BigInt(query.cursor) };
  const rows = await db.auditEvent.findMany({ where, orderBy: { id: "desc" }, take: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const names = await namesFor(orgId, page);
  const last = page.at(-1);
  return { data: page.map((row) => toView(row, names)), nextCursor: rows.length > query.limit && last ? last.id.toString() : null };
}

export async function getAuditEvent(orgId: string, id: string): Promise<AuditEventView | null> {
  if (!/^[0-9]{1,19}$/.test(id)) return null;
  const row = await db.auditEvent.findFirst({ where: { orgId, id: BigInt(id) } });
  return row ? toView(row, await namesFor(orgId, [row])) : null;
}

/** All matching rows in batches, newest first, for the streamed exports. */
export async function* auditEventBatches(orgId: string, filters: AuditFilters, batchSize = 2000): AsyncGenerator<AuditEventView[]> {
  let cursor: string | undefined;
  for (;;) {
    const page = await listAuditEvents(orgId, { ...filters, cursor, limit: batchSize });
    if (page.data.length > 0) yield page.data;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

/** Filter choices for the page: the org's grants and the tools and decisions seen. */
export async function auditFilterOptions(orgId: string) {
  const [grants, servers, tools, decisions] = await Promise.all([
    db.grant.findMany({ where: { orgId }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.mcpServer.findMany({ where: { orgId }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.tool.findMany({ where: { orgId }, select: { name: true }, distinct: ["name"], orderBy: { name: "asc" } }),
    distinctDecisions(orgId),
  ]);
  return { grants, servers, tools: tools.map((t) => t.name), decisions };
}

/** A loose index scan over (orgId, decision, id): one index probe per distinct value, not per row. */
async function distinctDecisions(orgId: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ decision: string }[]>`
    WITH RECURSIVE d AS (
      (SELECT decision FROM audit_events WHERE "orgId" = ${orgId} ORDER BY decision LIMIT 1)
      UNION ALL
      SELECT (SELECT e.decision FROM audit_events e WHERE e."orgId" = ${orgId} AND e.decision > d.decision ORDER BY e.decision LIMIT 1)
      FROM d WHERE d.decision IS NOT NULL
    )
    SELECT decision FROM d WHERE decision IS NOT NULL`;
  return rows.map((r) => r.decision);
}
