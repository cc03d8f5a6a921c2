"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { forgotPasswordAction } from "@/app/(auth)/forgot-password/actions";
import { Field } from "@/components/ui/field";
import { fieldErrors } from "@/lib/schemas/account";
import { forgotPasswordBodySchema } from "@/lib/schemas/account-lifecycle";

export function ForgotPasswordForm() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = forgotPasswordBodySchema.safeParse(Object.fromEntries(new FormData(event.currentTarget)));
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setBusy(true);
    const result = await forgotPasswordAction(parsed.data);
    setBusy(false);
    if (!result.ok) return setErrors(result.fields);
    setErrors({});
    setSent(true);
  }

  return (
    <form className="card" onSubmit={onSubmit} noValidate aria-label="Reset your password">
      <h1>Reset your password</h1>
      {sent ? (
        <p role="status">If an account uses this address, we mailed it a link to choose a new password. The link works once, for 30 minutes.</p>
      ) : (
        <>
          <Field label="Email" name="email" type="email" autoComplete="email" error={errors.email} />
          <button type="submit" className="button primary" disabled={busy}>Mail me a reset link</button>
        </>
      )}
      <p className="muted small"><Link href="/sign-in">Back to sign in</Link></p>
    </form>
  );
}
