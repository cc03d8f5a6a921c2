"use client";

import { useState } from "react";
import { resendVerificationAction } from "@/app/(dashboard)/[org]/profile/actions";
import { LocalInboxLink } from "./local-inbox-link";

/** `localInbox`: mail is caught on this machine (npm start without SMTP_URL), so point at its inbox. */
export function EmailVerification({ verified, localInbox }: { verified: boolean; localInbox: boolean }) {
  const [sent, setSent] = useState(false);
  if (verified) return <section className="card"><h2>Email address</h2><p>Verified.</p></section>;
  return (
    <section className="card">
      <h2>Email address</h2>
      <p className="warning">
        Not verified yet: until you open the link we mailed you, you cannot invite people or create API keys.{" "}
        <LocalInboxLink shown={localInbox} />
      </p>
      <button type="button" className="button" disabled={sent} onClick={async () => setSent((await resendVerificationAction(undefined)).ok)}>
        Send the link again
      </button>
      <span role="status" className="muted small">{sent ? " Sent. Earlier links no longer work." : ""}</span>
    </section>
  );
}
