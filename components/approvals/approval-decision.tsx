"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { decideApprovalAction } from "@/app/(dashboard)/[org]/approvals/actions";

/** Approve or deny one held call, with an optional note; the page then shows the decision. */
export function ApprovalDecision({ slug, approvalId }: { slug: string; approvalId: string }) {
  const router = useRouter();
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function decide(decision: "approved" | "denied") {
    setBusy(true);
    setError(null);
    const result = await decideApprovalAction(slug, { id: approvalId, decision, note: note || undefined });
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
      {error ? <p className="form-error" role="alert">{error}</p> : null}
    </section>
  );
}
