import type { Metadata } from "next";
import Link from "next/link";
import { getSessionUser } from "@/lib/auth/session";
import { previewInvitation } from "@/lib/data/invitations";
import { AcceptInvitation } from "@/components/members/accept-invitation";

export const metadata: Metadata = { title: "Invitation" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [invitation, user] = await Promise.all([previewInvitation(token), getSessionUser()]);
  const here = `/invite/${encodeURIComponent(token)}`;
  return (
    <main className="centered">
      <div className="card auth-box">
        {!invitation ? (
          <>
            <h1>Invitation not valid</h1>
            <p className="muted">This invitation link is unknown, already used or expired. Ask for a new one.</p>
          </>
        ) : (
          <>
            <h1>Join {invitation.orgName}</h1>
            <p className="muted">
              You are invited as <span className="badge">{invitation.role}</span>. The link works once, until{" "}
              {new Date(invitation.expiresAt).toUTCString()}.
            </p>
            {user ? (
              <AcceptInvitation token={token} who={user.email} />
            ) : (
              <p>
                <Link href={`/sign-in?next=${encodeURIComponent(here)}`}>Sign in to accept</Link> · new to Warden?{" "}
                <Link href={`/sign-up?next=${encodeURIComponent(here)}`}>Create an account</Link>: you come back here to accept.
              </p>
            )}
          </>
        )}
      </div>
    </main>
  );
}
