// Writes a batch of audit events in one transaction, chaining each organization's events onto
// its head (organizations in a fixed order, so two workers never deadlock). When an earlier
// attempt may have committed without our seeing it, events already stored are skipped by id.
import { appendAuditEvents } from "@/lib/audit/append";
import { storedText } from "@/lib/audit/storable";
import type { AuditEventInput, SqlRunner } from "@/lib/audit/types";
import type { Database } from "@/gateway/state/database";
import { isRowLevelError } from "@/gateway/audit/write-errors";

export type GatewayAuditEvent = AuditEventInput & { orgId: string; eventId: string };

export interface AuditWriter {
  write(events: readonly GatewayAuditEvent[], mayBeStored: boolean): Promise<void>;
}

export class PgAuditWriter implements AuditWriter {
  constructor(private readonly db: Database) {}

  async write(events: readonly GatewayAuditEvent[], mayBeStored: boolean): Promise<void> {
    let broken = false;
    const client = await this.db.connect();
    // A checked-out client has no pool listener: without ours, a server shutdown between two
    // statements would be an unhandled 'error' event and would crash the worker.
    const onError = () => (broken = true);
    client.on("error", onError);
    const runner: SqlRunner = { query: async (sql, params) => (await client.query(sql, params)).rows };
    try {
      await client.query("BEGIN");
      const pending = mayBeStored ? await withoutStored(runner, events) : events;
      const byOrg = new Map<string, GatewayAuditEvent[]>();
      for (const event of pending) {
        const events = byOrg.get(event.orgId);
        if (events) events.push(event);
        else byOrg.set(event.orgId, [event]);
      }
      for (const orgId of [...byOrg.keys()].sort()) {
        // appendAuditEvents takes the fields it stores and ignores the rest (orgId is its argument).
        await appendAuditEvents(runner, orgId, byOrg.get(orgId)!);
      }
      await client.query("COMMIT");
    } catch (error) {
      // A refused row leaves a healthy connection once rolled back; keeping it makes the writes
      // of a split (see AuditSink) quick. Anything else may have broken it: discard it.
      const rolledBack = await client.query("ROLLBACK").then(() => true, () => false);
      broken ||= !rolledBack || !isRowLevelError(error);
      throw error;
    } finally {
      client.removeListener("error", onError);
      client.release(broken);
    }
  }
}

async function withoutStored(runner: SqlRunner, events: readonly GatewayAuditEvent[]): Promise<GatewayAuditEvent[]> {
  const rows = await runner.query<{ eventId: string }>(`SELECT "eventId" FROM audit_events WHERE "eventId" = ANY($1)`, [events.map((e) => storedText(e.eventId))]);
  const stored = new Set(rows.map((row) => row.eventId));
  return events.filter((event) => !stored.has(storedText(event.eventId)));
}
