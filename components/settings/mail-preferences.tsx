"use client";

import { useState } from "react";
import { setMailPreferencesAction } from "@/app/(dashboard)/[org]/profile/actions";

/** Admins and owners get a mail when an approval waits; this turns it off for this person. */
export function MailPreferences({ approvalMails }: { approvalMails: boolean }) {
  const [on, setOn] = useState(approvalMails);
  return (
    <section className="card">
      <h2>Mail</h2>
      <label>
        <input
          type="checkbox"
          checked={on}
          onChange={async (event) => {
            const next = event.currentTarget.checked;
            if ((await setMailPreferencesAction({ approvalMails: next })).ok) setOn(next);
          }}
        />{" "}
        Mail me when an approval is waiting (admins and owners)
      </label>
    </section>
  );
}
