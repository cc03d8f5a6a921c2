"use client";

import { useState } from "react";
import { acceptInvitationAction } from "@/app/invite/[token]/actions";

export function AcceptInvitation({ token, who }: { token: string; who: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function accept() {
    setBusy(true);
    const result = await acceptInvitationAction(token);
    // On success the action redirects; an answer here is an error.
    setBusy(false);
    setError(result.error);
  }
  return (
    <>
      <button type="button" className="button primary" onClick={accept} disabled={busy}>
        Accept as {who}
      </button>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
    </>
  );
}
