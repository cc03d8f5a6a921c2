"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { changeRoleAction, removeMemberAction } from "@/app/(dashboard)/[org]/members/actions";
import type { Role } from "@/lib/auth/roles";

type Props = { slug: string; membershipId: string; name: string; role: Role; isSelf: boolean; canEdit: boolean; assignable: Role[] };

/** Role select and remove (or leave) for one member; the server re-checks every rule. */
export function MemberRowActions({ slug, membershipId, name, role, isSelf, canEdit, assignable }: Props) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function changeRole(next: string) {
    setBusy(true);
    setError(null);
    const result = await changeRoleAction(slug, { membershipId, role: next });
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    router.refresh();
  }

  async function remove() {
    if (!window.confirm(isSelf ? "Leave this organization?" : `Remove ${name} from this organization?`)) return;
    setBusy(true);
    setError(null);
    const result = await removeMemberAction(slug, membershipId);
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    if (result.data.left) window.location.assign("/");
    else router.refresh();
  }

  return (
    <div className="row">
      {canEdit ? (
        <select aria-label={`Role of ${name}`} value={role} disabled={busy} onChange={(e) => changeRole(e.target.value)}>
          {[...new Set([role, ...assignable])].map((r) => (
            <option key={r} value={r}>{r}</option>
          ))}
        </select>
      ) : (
        <span className="badge">{role}</span>
      )}
      {canEdit || isSelf ? (
        <button type="button" className="button small danger" disabled={busy} onClick={remove}>
          {isSelf ? "Leave" : "Remove"}
        </button>
      ) : null}
      {error ? <p className="form-error" role="alert">{error}</p> : null}
    </div>
  );
}
