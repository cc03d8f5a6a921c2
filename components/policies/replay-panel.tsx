"use client";

// Replay: how the draft would have decided the server's recent real calls, counted against
// what the gateway actually decided.
import { useId, useState } from "react";
import { replayPolicyAction } from "@/app/(dashboard)/[org]/policies/actions";
import type { ReplayResult } from "@/lib/data/policy-replay";
import type { PolicyDocument } from "@/lib/schemas/policy";

const LABELS: Record<string, string> = { allow: "allowed", approve: "held for approval", deny: "denied", rate_limited: "rate-limited", hide: "hidden" };

export function ReplayPanel({ slug, serverId, document }: { slug: string; serverId: string; document: PolicyDocument | null }) {
  const id = useId();
  const [limit, setLimit] = useState("200");
  const [result, setResult] = useState<ReplayResult | null>(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const run = async () => {
    if (!document) return;
    setBusy(true);
    setError("");
    const answer = await replayPolicyAction(slug, { serverId, document, limit: Math.min(Math.max(Number(limit) || 200, 1), 1000) });
    setBusy(false);
    if (!answer.ok) return setError(answer.error.message);
    setResult(answer.data);
  };
  return (
    <section className="card replay" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Replay recent calls</h3>
      <p className="muted small">Runs this draft over the server&apos;s last audited calls, in order, counting limits as the gateway would.</p>
      <div className="row-actions">
        <div className="mini-field">
          <label htmlFor={`${id}-limit`}>Calls to replay</label>
          <input id={`${id}-limit`} type="number" min={1} max={1000} value={limit} onChange={(e) => setLimit(e.target.value)} />
        </div>
        <button type="button" className="button" disabled={!document || busy} onClick={run}>{busy ? "Replaying…" : "Replay"}</button>
      </div>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      {result ? (
        <div role="status" aria-label="Replay result">
          <p>
            {result.replayed === 0
              ? "No audited calls of this server yet."
              : `Of ${result.replayed} recent calls, ${result.changed} would be decided differently.`}
            {result.unknown > 0 ? ` ${result.unknown} depend on arguments the audit log does not keep and were not judged.` : ""}
          </p>
          {result.transitions.length > 0 ? (
            <ul>{result.transitions.map((t) => <li key={`${t.before}${t.after}`}>{t.count} {LABELS[t.before]} → {LABELS[t.after]}</li>)}</ul>
          ) : null}
          {result.examples.length > 0 ? (
            <table>
              <thead><tr><th>Time</th><th>Tool</th><th>Was</th><th>Would be</th><th>Rule</th></tr></thead>
              <tbody>
                {result.examples.map((e, i) => (
                  <tr key={i}>
                    <td><time dateTime={e.time}>{new Date(e.time).toLocaleString()}</time></td>
                    <td><code>{e.tool}</code></td>
                    <td>{LABELS[e.before]}</td>
                    <td>{LABELS[e.after]}</td>
                    <td><code>{e.ruleId ?? "—"}</code></td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
