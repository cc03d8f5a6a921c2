// Read side of grants for the grants pages and GET /api/v1/grants: status, names, usage.
// (Creating, revoking and rotating tokens is lib/data/grants.ts, next to the gateway's lookups.)
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { notFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { GrantStatus, GrantView } from "@/lib/schemas/grant";
import { usageByGrant } from "@/lib/data/audit-stats";

type GrantRow = Prisma.GrantGetPayload<{ include: { server: { select: { name: true } }; policy: { select: { name: true } } } }>;

export function gatewayUrlFor(serverId: string): string {
  return `${env().GATEWAY_URL.replace(/\/+$/, "")}/mcp/${serverId}`;
}

export function secretUrlFor(token: string): string {
  return `${env().GATEWAY_URL.replace(/\/+$/, "")}/g/${token}/mcp`;
}

export function grantStatus(row: { revokedAt: Date | null; expiresAt: Date | null }, now = new Date()): GrantStatus {
  if (row.revokedAt) return "revoked";
  if (row.expiresAt && row.expiresAt <= now) return "expired";
  return "active";
}

type Usage = { calls: number; lastCallAt: Date | null } | undefined;

/** The later of the grant's own stamp and its last recorded call. */
function lastUsed(row: GrantRow, usage: Usage): string | null {
  const times = [row.lastUsedAt, usage?.lastCallAt].filter((t): t is Date => t instanceof Date);
  return times.length ? new Date(Math.max(...times.map((t) => t.getTime()))).toISOString() : null;
}

function toView(row: GrantRow, usage: Usage): GrantView {
  return {
    id: row.id,
    name: row.name,
    serverId: row.serverId,
    serverName: row.server.name,
    policyId: row.policyId,
    policyName: row.policy.name,
    tokenPrefix: row.tokenPrefix,
    status: grantStatus(row),
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: lastUsed(row, usage),
    callCount: usage?.calls ?? 0,
    gatewayUrl: gatewayUrlFor(row.serverId),
    oauthClient: row.oauthClientId ? { id: row.oauthClientId, name: row.oauthClientName ?? row.oauthClientId, logoUri: row.oauthLogoUri } : null,
  };
}

const include = { server: { select: { name: true } }, policy: { select: { name: true } } } as const;

/** Newest first; the cursor is the last id of the previous page. */
export async function listGrants(orgId: string, page: { cursor?: string; limit: number } = { limit: 200 }) {
  const rows = await db.grant.findMany({
    where: { orgId },
    include,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: page.limit + 1,
    ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
  });
  const slice = rows.slice(0, page.limit);
  const usage = await usageByGrant(orgId, slice.map((g) => g.id));
  return {
    data: slice.map((row) => toView(row, usage.get(row.id))),
    nextCursor: rows.length > page.limit ? (slice.at(-1)?.id ?? null) : null,
  };
}

export async function getGrantView(orgId: string, id: string): Promise<GrantView> {
  const row = await db.grant.findFirst({ where: { orgId, id }, include });
  if (!row) throw notFound("No such grant");
  const usage = await usageByGrant(orgId, [row.id]);
  return toView(row, usage.get(row.id));
}

/** Servers and their policies, for the create form's choices. */
export async function grantFormChoices(orgId: string) {
  const servers = await db.mcpServer.findMany({
    where: { orgId },
    select: { id: true, name: true, policies: { where: { orgId }, select: { id: true, name: true }, orderBy: { name: "asc" } } },
    orderBy: { name: "asc" },
  });
  return servers;
}
