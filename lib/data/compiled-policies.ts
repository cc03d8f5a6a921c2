// The current version of policies, compiled for the pure evaluator: what the gateway would enforce
// right now. A stored document that no longer parses compiles to "deny everything", as the gateway fails closed.
import { db } from "@/lib/db";
import { compilePolicy, parsePolicy, type CompiledPolicy } from "@/lib/policy";

export type CurrentPolicy = { id: string; version: number; compiled: CompiledPolicy };

const DENY_ALL = { version: "1", default: "deny" } as const;

export async function currentPolicies(orgId: string, policies: readonly { id: string; currentVersion: number }[]): Promise<Map<string, CurrentPolicy>> {
  if (policies.length === 0) return new Map();
  const rows = await db.policyVersion.findMany({
    where: { orgId, OR: policies.map((p) => ({ policyId: p.id, version: p.currentVersion })) },
    select: { policyId: true, version: true, document: true },
  });
  return new Map(
    rows.map((row) => {
      const parsed = parsePolicy(row.document);
      return [row.policyId, { id: row.policyId, version: row.version, compiled: compilePolicy(parsed.ok ? parsed.policy : DENY_ALL) }];
    }),
  );
}
