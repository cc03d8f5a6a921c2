// Appends events to an organization's chain. Must run inside a transaction: it locks the
// chain's head row, so concurrent writers (gateway workers, the app) append one after another.
import { canonicalRowJson, chainHashOfText, toChainedRow, type ChainedRow } from "@/lib/audit/chain";
import { GENESIS_HASH, type AuditEventInput, type SqlRunner } from "@/lib/audit/types";

type Head = { lastSeq: string; lastHash: string };

async function lockHead(runner: SqlRunner, orgId: string): Promise<Head> {
  // The head is created at sign-up; this covers organizations made before that or by hand.
  await runner.query(
    `INSERT INTO audit_chain_heads ("orgId", "lastSeq", "lastHash") VALUES ($1, 0, $2) ON CONFLICT ("orgId") DO NOTHING`,
    [orgId, GENESIS_HASH],
  );
  const rows = await runner.query<Head>(
    `SELECT "lastSeq"::text AS "lastSeq", "lastHash" FROM audit_chain_heads WHERE "orgId" = $1 FOR UPDATE`,
    [orgId],
  );
  if (!rows[0]) throw new Error(`The audit chain head of ${orgId} could not be locked`);
  return rows[0];
}

const insertSql = `
INSERT INTO audit_events ("orgId", seq, time, kind, "serverId", "grantId", "actorUserId", method, tool, decision, "ruleId",
  reason, "policyId", "policyVersion", "argsHash", "latencyMs", "upstreamOutcome", "requestId", "eventId", detail, "prevHash", hash)
SELECT r."orgId", r.seq, r.time, r.kind, r."serverId", r."grantId", r."actorUserId", r.method, r.tool, r.decision, r."ruleId",
  r.reason, r."policyId", r."policyVersion", r."argsHash", r."latencyMs", r."upstreamOutcome", r."requestId", r."eventId", r.detail,
  r."prevHash", r.hash
FROM jsonb_to_recordset($1::jsonb) AS r("orgId" text, seq bigint, time timestamp(3), kind text, "serverId" text, "grantId" text,
  "actorUserId" text, method text, tool text, decision text, "ruleId" text, reason text, "policyId" text, "policyVersion" integer,
  "argsHash" text, "latencyMs" double precision, "upstreamOutcome" text, "requestId" text, "eventId" text, detail jsonb,
  "prevHash" text, hash text)`;

/** Appends `events` (in order) to the chain of `orgId`; returns the stored rows with their hashes. */
export async function appendAuditEvents(
  runner: SqlRunner,
  orgId: string,
  events: readonly AuditEventInput[],
): Promise<(ChainedRow & { prevHash: string; hash: string })[]> {
  if (events.length === 0) return [];
  const head = await lockHead(runner, orgId);
  const now = new Date();
  let seq = BigInt(head.lastSeq);
  let prevHash = head.lastHash;
  // Each row's canonical JSON is hashed, and the same text (with its two chain fields) is what is
  // inserted: the row is serialized once.
  const texts: string[] = [];
  const rows = events.map((event) => {
    seq += 1n;
    const row = toChainedRow(orgId, seq, event, now);
    const canonical = canonicalRowJson(row);
    const hash = chainHashOfText(prevHash, canonical);
    texts.push(`${canonical.slice(0, -1)},"prevHash":"${prevHash}","hash":"${hash}"}`);
    const stored = { ...row, prevHash, hash };
    prevHash = hash;
    return stored;
  });
  await runner.query(insertSql, [`[${texts.join(",")}]`]);
  await runner.query(`UPDATE audit_chain_heads SET "lastSeq" = $2, "lastHash" = $3 WHERE "orgId" = $1`, [orgId, seq.toString(), prevHash]);
  return rows;
}
