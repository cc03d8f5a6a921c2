// Writes a batch of audit events: one statement per organization (warden_append_audit chains
// them onto its head under the head's lock, atomically). A batch that fails part-way is retried by
// AuditSink with `mayBeStored`, and events already stored are then skipped by id.
import { appendAuditEvents } from "@/lib/audit/append";
import { storedText } from "@/lib/audit/storable";
import type { AuditEventInput, SqlRunner } from "@/lib/audit/types";
import type { Database } from "@/gateway/state/database";

export type GatewayAuditEvent = AuditEventInput & { orgId: string; eventId: string };

export interface AuditWriter {
  write(events: readonly GatewayAuditEvent[], mayBeStored: boolean): Promise<void>;
}

export class PgAuditWriter implements AuditWriter {
  private readonly runner: SqlRunner;

  constructor(db: Database) {
    this.runner = { query: async (sql, params) => (await db.query(sql, params)).rows };
  }

  async write(events: readonly GatewayAuditEvent[], mayBeStored: boolean): Promise<void> {
    const pending = mayBeStored ? await withoutStored(this.runner, events) : events;
    const byOrg = new Map<string, GatewayAuditEvent[]>();
    for (const event of pending) {
      const events = byOrg.get(event.orgId);
      if (events) events.push(event);
      else byOrg.set(event.orgId, [event]);
    }
    // appendAuditEvents takes the fields it stores and ignores the rest (orgId is its argument).
    for (const [orgId, events] of byOrg) await appendAuditEvents(this.runner, orgId, events);
  }
}

async function withoutStored(runner: SqlRunner, events: readonly GatewayAuditEvent[]): Promise<GatewayAuditEvent[]> {
  const rows = await runner.query<{ eventId: string }>(`SELECT "eventId" FROM audit_events WHERE "eventId" = ANY($1)`, [events.map((e) => storedText(e.eventId))]);
  const stored = new Set(rows.map((row) => row.eventId));
  return events.filter((event) => !stored.has(storedText(event.eventId)));
}
