"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { decideApprovalAction } from "@/app/(dashboard)/[org]/approvals/actions";

type Props = {
  slug: string;
  approvalId: string;
  /** How long the rule lets the approver allow identical calls, in minutes; 0: not offered. */
  allowIdenticalMaxMinutes: number;
};

/**
 * Approve or deny one held call, with an optional note; where the rule permits, approve and allow
 * identical calls for some minutes. The page then shows the decision.
 */
export function ApprovalDecision({ slug, approvalId, allowIdenticalMaxMinutes }: Props) {
  const router = useRouter();
  const [note, setNote] = useState("");
  const [minutes, setMinutes] = useState(String(Math.min(30, allowIdenticalMaxMinutes)));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function decide(decision: "approved" | "denied", allowIdenticalMinutes?: number) {
    setBusy(true);
    setError(null);
    const result = await decideApprovalAction(slug, { id: approvalId, decision, note: note || undefined, allowIdenticalMinutes });
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    router.refresh();
  }

  return (
    <section className="card approval-decide" aria-label="Decision">
      <label htmlFor="approval-note" className="small">Note (optional)</label>
      <textarea id="approval-note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
      <div className="actions">
        <button type="button" className="button primary" disabled={busy} onClick={() => decide("approved")}>Approve</button>
        <button type="button" className="button danger" disabled={busy} onClick={() => decide("denied")}>Deny</button>
      </div>
      {allowIdenticalMaxMinutes > 0 ? (
        <div className="actions">
          <label htmlFor="approval-minutes" className="small">Allow identical calls for (minutes, at most {allowIdenticalMaxMinutes})</label>
          <input id="approval-minutes" type="number" min={1} max={allowIdenticalMaxMinutes} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
          <button type="button" className="button" disabled={busy || !(Number(minutes) >= 1)} onClick={() => decide("approved", Number(minutes))}>
            Approve and allow identical calls
          </button>
          <p className="field-hint">The same grant, tool and arguments under this policy version then pass without asking, until the time is up.</p>
        </div>
      ) : null}
      {error ? <p className="form-error" role="alert">{error}</p> : null}
    </section>
  );
}
