"use client";

import Link from "next/link";
import { signOut } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { deleteAccountAction } from "@/app/(dashboard)/[org]/profile/actions";
import { Field } from "@/components/ui/field";
import type { AccountDeletionBlocker } from "@/lib/schemas/account-lifecycle";

export function DeleteAccount({ blockers }: { blockers: AccountDeletionBlocker[] }) {
  const [errors, setErrors] = useState<Record<string, string>>({});

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await deleteAccountAction({ password: new FormData(event.currentTarget).get("password") });
    if (!result.ok) return setErrors(result.error.fields ?? { form: result.error.message });
    await signOut({ callbackUrl: "/" });
  }

  return (
    <section className="card">
      <h2>Delete your account</h2>
      {blockers.length > 0 ? (
        <>
          <p role="note">You cannot delete your account yet: you are the last owner of these organizations, which have other members. Make another member an owner, or delete the organization, first.</p>
          <ul>
            {blockers.map((b) => (
              <li key={b.slug}><Link href={`/${b.slug}/members`}>{b.name}</Link> ({b.members} members)</li>
            ))}
          </ul>
        </>
      ) : (
        <form onSubmit={onSubmit} noValidate aria-label="Delete your account">
          <p className="muted small">Your account goes, with every organization where you are the only member. Other organizations keep their data.</p>
          <Field label="Your password" name="password" type="password" autoComplete="current-password" error={errors.password} />
          {errors.form ? <p className="form-error" role="alert">{errors.form}</p> : null}
          <button type="submit" className="button danger">Delete my account</button>
        </form>
      )}
    </section>
  );
}
