// Standing approvals ("approve and allow identical calls for N minutes", where the rule's
// approval.allow_identical_for permits): one indexed lookup, made only for calls that need
// approval. It matches the exact call — grant, tool, canonical arguments hash — under the policy
// version the person approved, while `until` has not passed by the database's clock: a new policy
// version, another argument or another grant asks a person again.
import type { Database } from "@/gateway/state/database";

export type StandingKey = { grantId: string; tool: string; argsHash: string; policyId: string; policyVersion: number };
export type Standing = { id: string; approvalId: string; until: Date };

const findSql = `SELECT id, "approvalId", until FROM standing_approvals
  WHERE "grantId" = $1 AND "toolName" = $2 AND "argumentsHash" = $3 AND "policyId" = $4 AND "policyVersion" = $5
    AND "revokedAt" IS NULL AND until > (now() AT TIME ZONE 'UTC')
  ORDER BY until DESC LIMIT 1`;

export async function findStandingApproval(db: Database, key: StandingKey): Promise<Standing | null> {
  const { rows } = await db.query<Standing>(findSql, [key.grantId, key.tool, key.argsHash, key.policyId, key.policyVersion]);
  return rows[0] ?? null;
}
