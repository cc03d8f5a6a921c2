"use client";

import { useRouter } from "next/navigation";
import { revokeInvitationAction } from "@/app/(dashboard)/[org]/members/actions";
import type { InvitationView } from "@/lib/data/invitations";

export function InvitationList({ slug, invitations, canRevoke }: { slug: string; invitations: InvitationView[]; canRevoke: boolean }) {
  const router = useRouter();
  if (invitations.length === 0) return null;
  return (
    <table aria-label="Open invitations">
      <thead>
        <tr><th>Role</th><th>Invited by</th><th>Expires</th><th /></tr>
      </thead>
      <tbody>
        {invitations.map((i) => (
          <tr key={i.id}>
            <td><span className="badge">{i.role}</span></td>
            <td>{i.createdBy ?? "—"}</td>
            <td><time dateTime={i.expiresAt}>{new Date(i.expiresAt).toLocaleString()}</time></td>
            <td>
              {canRevoke ? (
                <button type="button" className="button small danger" onClick={async () => { await revokeInvitationAction(slug, i.id); router.refresh(); }}>
                  Revoke
                </button>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
