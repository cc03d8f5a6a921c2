// The dashboard's first page: how far the organization has come through the four set-up steps.
import { db } from "@/lib/db";

export type Overview = { servers: number; policies: number; activeGrants: number; gatewayEvents: number; pendingApprovals: number };

export async function getOverview(orgId: string, now = new Date()): Promise<Overview> {
  const [servers, policies, activeGrants, gatewayEvents, pendingApprovals] = await Promise.all([
    db.mcpServer.count({ where: { orgId } }),
    db.policy.count({ where: { orgId } }),
    db.grant.count({ where: { orgId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] } }),
    db.auditEvent.count({ where: { orgId, kind: "gateway" } }),
    db.approval.count({ where: { orgId, status: "pending", expiresAt: { gt: now } } }),
  ]);
  return { servers, policies, activeGrants, gatewayEvents, pendingApprovals };
}
