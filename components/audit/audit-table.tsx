"use client";

import { useState } from "react";
import { AuditDrawer } from "@/components/audit/audit-drawer";
import type { AuditEventView } from "@/lib/schemas/audit";

function who(event: AuditEventView): string {
  if (event.kind === "control") return event.actorName ?? (event.detail && typeof event.detail === "object" && "apiKeyId" in event.detail ? "API key" : "—");
  return event.grantName ?? event.grantId ?? "—";
}

/** The log, newest first; a row (or Enter on it) opens the detail drawer. */
export function AuditTable({ events }: { events: AuditEventView[] }) {
  const [open, setOpen] = useState<AuditEventView | null>(null);
  if (events.length === 0) return <p className="card muted">No events match these filters.</p>;
  return (
    <>
      <div className="table-scroll">
      <table className="audit-table" aria-label="Audit events">
        <thead>
          <tr>
            <th>Time</th><th>Grant / user</th><th>Server</th><th>Method · tool</th><th>Decision</th><th>Rule · reason</th><th>Latency</th><th>Upstream</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id} tabIndex={0} onClick={() => setOpen(e)} onKeyDown={(k) => k.key === "Enter" && setOpen(e)} aria-label={`Event ${e.id}`}>
              <td><time dateTime={e.time}>{new Date(e.time).toLocaleString()}</time></td>
              <td>{who(e)}</td>
              <td>{e.serverName ?? "—"}</td>
              <td>
                <span className="muted">{e.method}</span> {e.tool ? <code>{e.tool}</code> : null}
              </td>
              <td><span className={`badge ${e.decision} ${e.kind}`}>{e.decision}</span></td>
              <td>
                {e.ruleId ? <code>{e.ruleId}</code> : null} {e.reason ? <span className="muted">{e.reason.slice(0, 80)}</span> : null}
              </td>
              <td>{e.latencyMs === null ? "—" : `${e.latencyMs.toFixed(1)} ms`}</td>
              <td>{e.upstreamOutcome ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      {open ? <AuditDrawer event={open} onClose={() => setOpen(null)} /> : null}
    </>
  );
}
