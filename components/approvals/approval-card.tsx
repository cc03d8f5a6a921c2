"use client";

import Link from "next/link";
import { useState } from "react";
import { decideApprovalAction } from "@/app/(dashboard)/[org]/approvals/actions";
import { TimeLeft } from "@/components/approvals/time-left";
import type { ApprovalView } from "@/lib/schemas/approval";

type Props = { slug: string; approval: ApprovalView; canDecide: boolean; onDecided: (id: string, message: string) => void };

/** One held call: who, which tool, the exact arguments, the rule, the time left, and the decision. */
export function ApprovalCard({ slug, approval, canDecide, onDecided }: Props) {
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const titleId = `approval-${approval.id}`;

  async function decide(decision: "approved" | "denied") {
    setBusy(true);
    setError(null);
    const result = await decideApprovalAction(slug, { id: approval.id, decision, note: note || undefined });
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    onDecided(approval.id, `${approval.toolName} ${decision}`);
  }

  return (
    <li className="card approval" aria-labelledby={titleId}>
      <div>
        <h2 id={titleId}>
          <code>{approval.toolName}</code> <span className="muted small">by</span> {approval.grantName}
        </h2>
        <div className="approval-meta">
          <span>rule <code>{approval.ruleId}</code></span>
          <span>policy v{approval.policyVersion}</span>
          <span>held {new Date(approval.createdAt).toLocaleTimeString()}</span>
          <TimeLeft until={approval.expiresAt} />
          <Link href={`/${slug}/approvals/${approval.id}`}>Full context</Link>
        </div>
        <pre aria-label="Arguments">{JSON.stringify(approval.arguments, null, 2)}</pre>
      </div>
      {canDecide ? (
        <div className="approval-decide">
          <label htmlFor={`note-${approval.id}`} className="small">Note (optional)</label>
          <textarea id={`note-${approval.id}`} value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
          <div className="actions">
            <button type="button" className="button primary" disabled={busy} onClick={() => decide("approved")}>Approve</button>
            <button type="button" className="button danger" disabled={busy} onClick={() => decide("denied")}>Deny</button>
          </div>
          {error ? <p className="form-error" role="alert">{error}</p> : null}
        </div>
      ) : (
        <p className="muted small">Editors, admins and owners decide held calls.</p>
      )}
    </li>
  );
}
