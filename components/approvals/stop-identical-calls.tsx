"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { stopIdenticalCallsAction } from "@/app/(dashboard)/[org]/approvals/actions";

/** Ends a standing approval now: the next identical call asks a person again. */
export function StopIdenticalCalls({ slug, approvalId }: { slug: string; approvalId: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function stop() {
    setBusy(true);
    setError(null);
    const result = await stopIdenticalCallsAction(slug, { id: approvalId });
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    router.refresh();
  }

  return (
    <div className="actions">
      <button type="button" className="button danger" disabled={busy} onClick={stop}>Stop allowing identical calls</button>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
    </div>
  );
}
