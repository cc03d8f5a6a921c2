// The rows behind approval outside the connection: an agent that cannot wait is answered at once,
// and its identical retry (same grant, tool and canonical arguments) finds the approval here.
// Every change is one conditional UPDATE, so of two workers serving two retries at the same time,
// exactly one consumes an approval and only one reports a denial.
import type { Database } from "@/gateway/state/database";

export type RetryKey = { grantId: string; tool: string; argsHash: string };

export type RetryApproval = {
  id: string;
  status: "pending" | "approved" | "denied" | "expired";
  note: string | null;
  expiresAt: Date;
  /** True once expiresAt has passed, by the database's clock. */
  expired: boolean;
  policyVersion: number;
  slug: string;
};

export type OpenRequest = RetryKey & {
  orgId: string;
  serverId: string;
  args: Record<string, unknown>;
  policyId: string;
  policyVersion: number;
  ruleId: string;
  timeoutSeconds: number;
};

const utcNow = `(now() AT TIME ZONE 'UTC')`;
const columns = `a.id, a.status, a.note, a."expiresAt", a."expiresAt" <= ${utcNow} AS expired, a."policyVersion",
  (SELECT o.slug FROM organizations o WHERE o.id = a."orgId") AS slug`;

const latestSql = `SELECT ${columns} FROM approvals a
  WHERE a."grantId" = $1 AND a."toolName" = $2 AND a."argumentsHash" = $3 AND a.mode = 'retry' AND a."consumedAt" IS NULL
  ORDER BY a."createdAt" DESC, a.id DESC LIMIT 1`;

// Bound to the policy version the person saw and to a live grant, checked in the same statement.
const consumeSql = `UPDATE approvals a SET "consumedAt" = ${utcNow}
  WHERE a.id = $1 AND a.status = 'approved' AND a."consumedAt" IS NULL AND a."policyVersion" = $2 AND a."expiresAt" > ${utcNow}
    AND EXISTS (SELECT 1 FROM grants g WHERE g.id = a."grantId" AND g."revokedAt" IS NULL
                AND (g."expiresAt" IS NULL OR g."expiresAt" > ${utcNow}))
  RETURNING a.id`;

// A denial, an expiry or a stale approval is told to one retry; after that the approval is done.
const settleSql = `UPDATE approvals SET "consumedAt" = ${utcNow},
    status = CASE WHEN status = 'pending' THEN 'expired'::"ApprovalStatus" ELSE status END
  WHERE id = $1 AND "consumedAt" IS NULL RETURNING id`;

/** Pending retry approvals one grant may have at once: an agent cannot flood the inbox by varying its arguments. */
export const MAX_PENDING_PER_GRANT = 100;

const openSql = `INSERT INTO approvals AS a ("orgId", "grantId", "serverId", "toolName", arguments, "argumentsHash", "policyId", "policyVersion", "ruleId", "expiresAt", mode)
  SELECT $1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, ${utcNow} + make_interval(secs => $10), 'retry'
  WHERE (SELECT count(*) FROM approvals p WHERE p."grantId" = $2 AND p.mode = 'retry' AND p.status = 'pending' AND p."expiresAt" > ${utcNow}) < ${MAX_PENDING_PER_GRANT}
  RETURNING ${columns}`;

export class RetryApprovals {
  constructor(private readonly db: Database) {}

  /** The newest approval of this exact call that has not yet answered a retry. */
  async latest(key: RetryKey): Promise<RetryApproval | null> {
    const { rows } = await this.db.query<RetryApproval>(latestSql, [key.grantId, key.tool, key.argsHash]);
    return rows[0] ?? null;
  }

  /** Uses an approval for one call; false when another retry used it first, it expired, or the grant ended. */
  async consume(id: string, policyVersion: number): Promise<boolean> {
    return (await this.db.query(consumeSql, [id, policyVersion])).rowCount === 1;
  }

  /** Marks an approval as answered; false when another retry already answered it. */
  async settle(id: string): Promise<boolean> {
    return (await this.db.query(settleSql, [id])).rowCount === 1;
  }

  /** A new pending approval, or null when the grant already has MAX_PENDING_PER_GRANT waiting. */
  async open(request: OpenRequest): Promise<RetryApproval | null> {
    const { rows } = await this.db.query<RetryApproval>(openSql, [
      request.orgId, request.grantId, request.serverId, request.tool, JSON.stringify(request.args), request.argsHash,
      request.policyId, request.policyVersion, request.ruleId, request.timeoutSeconds,
    ]);
    return rows[0] ?? null;
  }
}
