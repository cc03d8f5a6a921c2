"use client";

import { useState } from "react";
import { verifyAuditAction } from "@/app/(dashboard)/[org]/audit/actions";

type Outcome = { ok: true; events: number } | { ok: false; events: number; brokenAtSeq: string; reason: string } | { error: string };

/** Runs the hash-chain check on the server and shows its verdict. */
export function VerifyIntegrity({ slug }: { slug: string }) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  async function verify() {
    setBusy(true);
    const result = await verifyAuditAction(slug, undefined);
    setBusy(false);
    setOutcome(result.ok ? result.data : { error: result.error.message });
  }
  return (
    <div className="row">
      <button type="button" className="button" onClick={verify} disabled={busy}>
        {busy ? "Verifying…" : "Verify integrity"}
      </button>
      <span role="status">
        {outcome === null ? null : "error" in outcome ? (
          <span className="verify-bad">{outcome.error}</span>
        ) : outcome.ok ? (
          <span className="verify-ok">Integrity verified: {outcome.events} events, chain intact</span>
        ) : (
          <span className="verify-bad">
            Chain broken at event #{outcome.brokenAtSeq}: {outcome.reason}
          </span>
        )}
      </span>
    </div>
  );
}
