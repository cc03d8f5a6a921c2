// The organization's tool inventory: every tool of every server, its risk, and the active grants
// whose current policy lets them call it (freely, within limits, or with approval).
import { db } from "@/lib/db";
import { toolAccess } from "@/lib/policy/tool-access";
import type { Inventory } from "@/lib/schemas/agent-access";
import { currentPolicies } from "@/lib/data/compiled-policies";

const RISK_ORDER = { high: 0, medium: 1, low: 2 } as const;

/** Tools by server name, riskiest first on each server. */
export async function getInventory(orgId: string, now = new Date()): Promise<Inventory> {
  const [servers, grants] = await Promise.all([
    db.mcpServer.findMany({
      where: { orgId },
      select: { id: true, name: true, tools: { where: { orgId, status: { not: "removed" } }, select: { name: true, class: true, risk: true, status: true }, orderBy: { name: "asc" } } },
      orderBy: { name: "asc" },
    }),
    db.grant.findMany({
      where: { orgId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
      select: { id: true, name: true, serverId: true, policy: { select: { id: true, currentVersion: true } } },
      orderBy: { name: "asc" },
    }),
  ]);
  const policies = await currentPolicies(orgId, [...new Map(grants.map((g) => [g.policy.id, g.policy])).values()]);
  const data = servers.flatMap((server) =>
    [...server.tools].sort((a, b) => RISK_ORDER[a.risk] - RISK_ORDER[b.risk] || a.name.localeCompare(b.name)).map((tool) => ({
      serverId: server.id,
      serverName: server.name,
      ...tool,
      grants:
        tool.status !== "active"
          ? []
          : grants.flatMap((grant) => {
              const policy = policies.get(grant.policy.id);
              if (grant.serverId !== server.id || !policy) return [];
              const { access } = toolAccess(policy.compiled, tool.name);
              return access === "hidden" || access === "denied" ? [] : [{ id: grant.id, name: grant.name, access }];
            }),
    })),
  );
  return { data };
}
