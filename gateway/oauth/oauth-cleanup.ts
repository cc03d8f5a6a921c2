// Keeps oauth_records bounded: expired records (tokens, codes, sessions, interactions, grants) are
// deleted, and so are dynamically registered clients that never completed an authorization (no
// Warden grant names them) once they are older than the configured age. A batch per statement,
// rows another worker is deleting are skipped; run by the gateway's periodic cleanup.
import type { Database } from "@/gateway/state/database";
import { deleteInBatches } from "@/gateway/state/delete-in-batches";

const expiredSql = `DELETE FROM oauth_records WHERE (model, id) IN (
  SELECT model, id FROM oauth_records WHERE "expiresAt" < (now() AT TIME ZONE 'UTC') LIMIT $1 FOR UPDATE SKIP LOCKED)`;

// client_id_issued_at is set by registration (seconds); a client without it (none today) is kept.
const unusedClientsSql = `DELETE FROM oauth_records WHERE (model, id) IN (
  SELECT r.model, r.id FROM oauth_records r
   WHERE r.model = 'Client'
     AND CASE WHEN jsonb_typeof(r.payload->'client_id_issued_at') = 'number' THEN (r.payload->>'client_id_issued_at')::numeric END < $1
     AND NOT EXISTS (SELECT 1 FROM grants g WHERE g."oauthClientId" = r.payload->>'client_id')
   LIMIT $2 FOR UPDATE OF r SKIP LOCKED)`;

export type OauthSweep = { expired: number; unusedClients: number };

/** Deletes expired records and unused clients registered more than `unusedClientTtlMs` ago, `batch` rows per statement. */
export async function sweepOauthRecords(db: Database, unusedClientTtlMs: number, batch = 1_000, now = Date.now()): Promise<OauthSweep> {
  const expired = await deleteInBatches(async () => (await db.query(expiredSql, [batch])).rowCount ?? 0, batch);
  const issuedBefore = Math.floor((now - unusedClientTtlMs) / 1000);
  const unusedClients = await deleteInBatches(async () => (await db.query(unusedClientsSql, [issuedBefore, batch])).rowCount ?? 0, batch);
  return { expired, unusedClients };
}
