// "What can this agent call": one grant's tools with the decision its current policy gives,
// the live use of the counters those decisions charge, and the grant's last decisions.
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { compilePolicy } from "@/lib/policy";
import { chargesFor } from "@/lib/policy/limits";
import { toolAccess } from "@/lib/policy/tool-access";
import type { Charge } from "@/lib/policy";
import type { CounterUsage, GrantAccess, GrantTool, RecentDecision } from "@/lib/schemas/agent-access";
import { currentPolicies } from "@/lib/data/compiled-policies";
import { grantStatus } from "@/lib/data/grant-views";

const RECENT_DECISIONS = 20;

/** The count of each charge's current window; keys carry the grant's own org id, so they are this tenant's. */
async function counterUse(charges: readonly Charge[]): Promise<Map<string, number>> {
  if (charges.length === 0) return new Map();
  const rows = await db.counter.findMany({
    where: { OR: charges.map((c) => ({ key: c.counterKey, windowStart: new Date(c.windowStart) })) },
    select: { key: true, count: true },
  });
  return new Map(rows.map((r) => [r.key, r.count]));
}

async function recentDecisions(orgId: string, grantId: string): Promise<RecentDecision[]> {
  const rows = await db.auditEvent.findMany({
    where: { orgId, grantId },
    orderBy: { id: "desc" },
    take: RECENT_DECISIONS,
    select: { id: true, time: true, method: true, tool: true, decision: true, reason: true, ruleId: true },
  });
  return rows.map((r) => ({ ...r, id: String(r.id), time: r.time.toISOString() }));
}

export async function getGrantAccess(orgId: string, grantId: string, now = new Date()): Promise<GrantAccess> {
  const grant = await db.grant.findFirst({
    where: { orgId, id: grantId },
    include: { server: { select: { name: true } }, policy: { select: { id: true, name: true, currentVersion: true } } },
  });
  if (!grant) throw notFound("No such grant");
  const [policies, tools, recent] = await Promise.all([
    currentPolicies(orgId, [grant.policy]),
    db.tool.findMany({ where: { orgId, serverId: grant.serverId, status: { not: "removed" } }, orderBy: { name: "asc" } }),
    recentDecisions(orgId, grant.id),
  ]);
  const policy = policies.get(grant.policyId) ?? { version: grant.policy.currentVersion, compiled: compilePolicy({ version: "1", default: "deny" }) };
  const context = { orgId, serverId: grant.serverId, grantId: grant.id, now };
  const decided = tools.map((tool) => {
    const result = toolAccess(policy.compiled, tool.name);
    return { tool, result, charges: chargesFor(result.limits, context, now.getTime()) };
  });
  const used = await counterUse(decided.flatMap((d) => d.charges));
  const usage = (charge: Charge): CounterUsage => ({
    counter: charge.counter, scope: charge.scope, used: used.get(charge.counterKey) ?? 0, max: charge.max,
    windowSeconds: charge.windowSeconds, resetAt: charge.resetAt, ruleId: charge.ruleId,
  });
  const rows: GrantTool[] = decided.map(({ tool, result, charges }) => {
    // The gateway refuses a quarantined tool whatever the policy says, until a person reviews it.
    const quarantined = tool.status === "quarantined";
    return {
      name: tool.name, description: tool.description, class: tool.class, risk: tool.risk,
      access: quarantined ? "hidden" : result.access,
      ruleId: quarantined ? null : result.ruleId,
      why: quarantined ? "Quarantined: its definition changed and waits for review" : result.why,
      counters: quarantined ? [] : charges.map(usage),
    };
  });
  return {
    grant: {
      id: grant.id, name: grant.name, status: grantStatus(grant, now), serverId: grant.serverId, serverName: grant.server.name,
      policyId: grant.policyId, policyName: grant.policy.name, policyVersion: policy.version,
    },
    at: now.toISOString(),
    tools: rows,
    recentDecisions: recent,
  };
}
