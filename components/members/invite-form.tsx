"use client";

import { useState, type FormEvent } from "react";
import { inviteAction } from "@/app/(dashboard)/[org]/members/actions";
import { CopyButton } from "@/components/grants/copy-button";
import type { Role } from "@/lib/auth/roles";

/** Makes a single-use invitation link for a role; the link is shown once, to be sent by hand. */
export function InviteForm({ slug, roles }: { slug: string; roles: Role[] }) {
  const [link, setLink] = useState<{ link: string; role: string; expiresAt: string; mailed: boolean; email: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.currentTarget));
    setBusy(true);
    setError(null);
    const email = typeof data.email === "string" ? data.email : "";
    const result = await inviteAction(slug, { role: data.role, expiresInDays: data.expiresInDays, email });
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    setLink({ ...result.data, email });
  }

  return (
    <section className="card">
      <h2>Invite a member</h2>
      <form className="inline-form" onSubmit={onSubmit} aria-label="Invite a member">
        <div className="field">
          <label htmlFor="invite-role">Role</label>
          <select id="invite-role" name="role" defaultValue="editor">
            {roles.map((r) => (
              <option key={r} value={r}>{r}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="invite-days">Expires after (days)</label>
          <input id="invite-days" name="expiresInDays" type="number" min={1} max={30} defaultValue={7} />
        </div>
        <div className="field">
          <label htmlFor="invite-email">Email (optional: we mail the link)</label>
          <input id="invite-email" name="email" type="email" autoComplete="off" />
        </div>
        <button type="submit" className="button primary" disabled={busy}>Create invite link</button>
      </form>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      {link ? (
        <div className="stack" style={{ marginTop: "0.75rem", gap: "0.5rem" }}>
          {link.email ? <p role="status">{link.mailed ? `Mailed to ${link.email}.` : `The mail to ${link.email} could not be sent; send the link yourself.`}</p> : null}
          <p className="warning">Send this link to one person. It works once, as {link.role}, until {new Date(link.expiresAt).toLocaleString()}; it is not shown again.</p>
          <div className="token-row">
            <code data-testid="invite-link">{link.link}</code>
            <CopyButton text={link.link} label="Copy the invite link" />
          </div>
        </div>
      ) : null}
    </section>
  );
}
