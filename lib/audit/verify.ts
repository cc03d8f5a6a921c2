// Walks an organization's chain from the first event and reports the first broken link: a gap
// in the sequence, a prev_hash that is not the previous row's hash, or a hash that does not
// match the row (a changed field). Reads in pages, so a long chain needs little memory.
import { chainHash, type ChainedRow } from "@/lib/audit/chain";
import { GENESIS_HASH, type SqlRunner } from "@/lib/audit/types";

export type ChainVerification =
  | { ok: true; events: number; lastHash: string }
  | { ok: false; events: number; brokenAtSeq: string; eventId: string; reason: string };

type StoredRow = ChainedRow & { id: string; prevHash: string; hash: string };

const pageSql = `
SELECT id::text AS id, "orgId", seq::text AS seq, to_char(time, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS time, kind, "serverId",
  "grantId", "actorUserId", method, tool, decision, "ruleId", reason, "policyId", "policyVersion", "argsHash", "latencyMs",
  "upstreamOutcome", "requestId", "eventId", detail, "prevHash", hash
FROM audit_events WHERE "orgId" = $1 AND audit_events.seq > $2::bigint ORDER BY audit_events.seq LIMIT $3`;

function check(row: StoredRow, expectedSeq: bigint, prevHash: string): string | null {
  if (BigInt(row.seq) !== expectedSeq) return `sequence gap: expected ${expectedSeq}, found ${row.seq}`;
  if (row.prevHash !== prevHash) return "prev_hash is not the previous event's hash (an event was removed or reordered)";
  const { id: _id, prevHash: _prev, hash, ...fields } = row;
  const latencyMs = fields.latencyMs === null ? null : Number(fields.latencyMs);
  const policyVersion = fields.policyVersion === null ? null : Number(fields.policyVersion);
  if (chainHash(prevHash, { ...fields, latencyMs, policyVersion }) !== hash) return "the event's hash does not match its contents (it was changed)";
  return null;
}

export async function verifyAuditChainWith(runner: SqlRunner, orgId: string, pageSize = 1000): Promise<ChainVerification> {
  let expectedSeq = 1n;
  let prevHash = GENESIS_HASH;
  let events = 0;
  for (;;) {
    const rows = await runner.query<StoredRow>(pageSql, [orgId, (expectedSeq - 1n).toString(), pageSize]);
    for (const row of rows) {
      const problem = check(row, expectedSeq, prevHash);
      if (problem) return { ok: false, events, brokenAtSeq: row.seq, eventId: row.id, reason: problem };
      prevHash = row.hash;
      expectedSeq += 1n;
      events += 1;
    }
    if (rows.length < pageSize) break;
  }
  const head = await runner.query<{ lastSeq: string; lastHash: string }>(
    `SELECT "lastSeq"::text AS "lastSeq", "lastHash" FROM audit_chain_heads WHERE "orgId" = $1`,
    [orgId],
  );
  const tip = head[0];
  if (tip && (BigInt(tip.lastSeq) !== BigInt(events) || tip.lastHash !== prevHash)) {
    return { ok: false, events, brokenAtSeq: tip.lastSeq, eventId: "", reason: "the chain head does not match the last event (events were removed from the end)" };
  }
  return { ok: true, events, lastHash: prevHash };
}
