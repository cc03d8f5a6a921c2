"use client";

// Deleting a policy, confirmed first. While grants use the policy the refusal names them, and
// the policy stays.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { deletePolicyAction } from "@/app/(dashboard)/[org]/policies/delete-action";

export function DeletePolicyButton({ slug, policyId, name }: { slug: string; policyId: string; name: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const remove = async () => {
    if (!window.confirm(`Delete the policy ${name}? Its versions are deleted too.`)) return;
    setBusy(true);
    setError("");
    const result = await deletePolicyAction(slug, { policyId });
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    router.push(`/${slug}/policies`);
  };
  return (
    <div className="row-actions">
      <button type="button" className="button danger" disabled={busy} onClick={remove}>Delete policy</button>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
    </div>
  );
}
