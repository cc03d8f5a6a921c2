"use client";

import { useEffect } from "react";
import type { AuditEventView } from "@/lib/schemas/audit";

const fields: [keyof AuditEventView, string][] = [
  ["time", "Time"], ["kind", "Source"], ["method", "Method"], ["decision", "Decision"], ["tool", "Tool"], ["grantName", "Grant"],
  ["grantId", "Grant id"], ["serverName", "Server"], ["actorName", "Acting user"], ["ruleId", "Rule"], ["reason", "Reason"],
  ["policyId", "Policy"], ["policyVersion", "Policy version"], ["latencyMs", "Latency (ms)"], ["upstreamOutcome", "Upstream outcome"],
  ["requestId", "Request id"], ["argsHash", "Arguments hash"], ["seq", "Chain position"], ["hash", "Hash"],
];

/** Every field of one audit row, in a panel over the table; Escape or the backdrop closes it. */
export function AuditDrawer({ event, onClose }: { event: AuditEventView; onClose: () => void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);
  return (
    <>
      <div className="drawer-backdrop" onClick={onClose} aria-hidden />
      <aside className="drawer" role="dialog" aria-modal="true" aria-labelledby="drawer-title">
        <div className="snippet-head">
          <h2 id="drawer-title">Event {event.id}</h2>
          <button type="button" className="button small" onClick={onClose} autoFocus>Close</button>
        </div>
        <dl>
          {fields.map(([key, label]) => (
            <div key={key} style={{ display: "contents" }}>
              <dt>{label}</dt>
              <dd>{event[key] === null || event[key] === undefined ? "—" : String(event[key])}</dd>
            </div>
          ))}
        </dl>
        {event.detail ? (
          <>
            <h3>Detail</h3>
            <pre>{JSON.stringify(event.detail, null, 2)}</pre>
          </>
        ) : null}
      </aside>
    </>
  );
}
