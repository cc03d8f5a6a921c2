// Appends events to an organization's chain with one statement (warden_append_audit, see its
// migration): under the chain head's lock the database numbers the rows, hashes each one onto the
// chain and moves the head. Inside a caller's transaction the rows commit with its change.
import { canonicalRowAroundSeq, toChainedRow, type ChainedRow } from "@/lib/audit/chain";
import { GENESIS_HASH, type AuditEventInput, type SqlRunner } from "@/lib/audit/types";

const appendSql = `SELECT first_seq, prev_hash, hashes FROM warden_append_audit($1, $2::jsonb, $3)`;

type Appended = { first_seq: string; prev_hash: string; hashes: string[] };

/** Appends `events` (in order) to the chain of `orgId`; returns the stored rows with their hashes. */
export async function appendAuditEvents(
  runner: SqlRunner,
  orgId: string,
  events: readonly AuditEventInput[],
): Promise<(ChainedRow & { prevHash: string; hash: string })[]> {
  if (events.length === 0) return [];
  const now = new Date();
  const rows = events.map((event) => toChainedRow(orgId, 0n, event, now));
  // Each row's canonical JSON, written once here and numbered and hashed there: [before₁, after₁, …].
  const parts: string[] = [];
  for (const row of rows) parts.push(...canonicalRowAroundSeq(row));
  const [appended] = await runner.query<Appended>(appendSql, [orgId, JSON.stringify(parts), GENESIS_HASH]);
  if (!appended || appended.hashes.length !== rows.length) throw new Error(`The audit events of ${orgId} could not be appended to its chain`);
  const first = BigInt(appended.first_seq);
  let prevHash = appended.prev_hash;
  return rows.map((row, i) => {
    const hash = appended.hashes[i]!;
    const stored = { ...row, seq: (first + BigInt(i)).toString(), prevHash, hash };
    prevHash = hash;
    return stored;
  });
}
