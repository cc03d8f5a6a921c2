"use client";

import { signOut } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { changePasswordAction } from "@/app/(dashboard)/[org]/profile/actions";
import { NewPasswordFields } from "@/components/auth/new-password-fields";
import { Field } from "@/components/ui/field";
import { fieldErrors } from "@/lib/schemas/account";
import { changePasswordBodySchema } from "@/lib/schemas/account-lifecycle";

/** A changed password ends every session, this one too: the person signs in again with it. */
export function ChangePasswordForm() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = changePasswordBodySchema.safeParse(Object.fromEntries(new FormData(event.currentTarget)));
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setBusy(true);
    const result = await changePasswordAction(parsed.data);
    setBusy(false);
    if (!result.ok) return setErrors(result.error.fields ?? { form: result.error.message });
    await signOut({ callbackUrl: "/sign-in" });
  }

  return (
    <form className="card" onSubmit={onSubmit} noValidate aria-label="Change your password">
      <h2>Change your password</h2>
      <p className="muted small">Every session of your account ends, this one included; sign in again with the new password.</p>
      <Field label="Current password" name="current" type="password" autoComplete="current-password" error={errors.current} />
      <NewPasswordFields errors={errors} />
      {errors.form ? <p className="form-error" role="alert">{errors.form}</p> : null}
      <button type="submit" className="button primary" disabled={busy}>Change password</button>
    </form>
  );
}
