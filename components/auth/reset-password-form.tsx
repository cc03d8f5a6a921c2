"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { resetPasswordAction } from "@/app/(auth)/reset-password/[token]/actions";
import { NewPasswordFields } from "@/components/auth/new-password-fields";
import { fieldErrors } from "@/lib/schemas/account";
import { resetPasswordBodySchema } from "@/lib/schemas/account-lifecycle";

export function ResetPasswordForm({ token }: { token: string }) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = resetPasswordBodySchema.safeParse({ token, ...Object.fromEntries(new FormData(event.currentTarget)) });
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setBusy(true);
    const result = await resetPasswordAction(parsed.data);
    setBusy(false);
    if (!result.ok) return setErrors(result.fields);
    setErrors({});
    setDone(true);
  }

  if (done) {
    return (
      <div className="card" role="status">
        <h1>Password changed</h1>
        <p>Every session of this account was signed out. <Link href="/sign-in">Sign in with the new password</Link>.</p>
      </div>
    );
  }
  return (
    <form className="card" onSubmit={onSubmit} noValidate aria-label="Choose a new password">
      <h1>Choose a new password</h1>
      <NewPasswordFields errors={errors} />
      {errors.form ? <p className="form-error" role="alert">{errors.form}</p> : null}
      <button type="submit" className="button primary" disabled={busy}>Set the new password</button>
    </form>
  );
}
