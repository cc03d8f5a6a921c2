"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { revokeGrantAction, rotateGrantAction } from "@/app/(dashboard)/[org]/grants/actions";
import { TokenReveal } from "@/components/grants/token-reveal";
import type { CreatedGrant } from "@/lib/schemas/grant";

/** Revoke and rotate, each confirmed first; a rotation shows the new token once. An OAuth client's grant has no grant token to rotate. */
export function GrantActions({ slug, grantId, active, rotatable = true }: { slug: string; grantId: string; active: boolean; rotatable?: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [rotated, setRotated] = useState<CreatedGrant | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(kind: "revoke" | "rotate") {
    const question =
      kind === "revoke"
        ? "Revoke this grant? Agents using its token are refused from now on."
        : "Rotate the token? The current token stops working at once.";
    if (!window.confirm(question)) return;
    setBusy(true);
    setError(null);
    const result = kind === "revoke" ? await revokeGrantAction(slug, grantId) : await rotateGrantAction(slug, grantId);
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    if (kind === "rotate" && result.data) setRotated(result.data as CreatedGrant);
    router.refresh();
  }

  if (!active) return null;
  return (
    <div className="grant-actions">
      <div className="actions">
        {rotatable ? <button type="button" className="button" disabled={busy} onClick={() => run("rotate")}>Rotate token</button> : null}
        <button type="button" className="button danger" disabled={busy} onClick={() => run("revoke")}>Revoke</button>
      </div>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      {rotated ? <TokenReveal grant={rotated} onDone={() => setRotated(null)} /> : null}
    </div>
  );
}
