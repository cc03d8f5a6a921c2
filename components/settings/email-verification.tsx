"use client";

import { useState } from "react";
import { resendVerificationAction } from "@/app/(dashboard)/[org]/profile/actions";

export function EmailVerification({ verified }: { verified: boolean }) {
  const [sent, setSent] = useState(false);
  if (verified) return <section className="card"><h2>Email address</h2><p>Verified.</p></section>;
  return (
    <section className="card">
      <h2>Email address</h2>
      <p className="warning">Not verified yet: until you open the link we mailed you, you cannot invite people or create API keys.</p>
      <button type="button" className="button" disabled={sent} onClick={async () => setSent((await resendVerificationAction(undefined)).ok)}>
        Send the link again
      </button>
      <span role="status" className="muted small">{sent ? " Sent. Earlier links no longer work." : ""}</span>
    </section>
  );
}
