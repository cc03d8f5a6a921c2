"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { newOrganizationAction } from "@/app/(auth)/new-organization/actions";
import { Field } from "@/components/ui/field";
import { fieldErrors, newOrganizationBodySchema } from "@/lib/schemas/account";

export function NewOrganizationForm() {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = Object.fromEntries(new FormData(event.currentTarget));
    const parsed = newOrganizationBodySchema.safeParse(input);
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setBusy(true);
    try {
      const result = await newOrganizationAction(parsed.data);
      if (!result.ok) return setErrors(result.fields);
      router.push(`/${result.orgSlug}`);
      router.refresh();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={onSubmit} noValidate>
      <h1>New organization</h1>
      <p className="muted">A separate account with its own servers, policies, grants and members. You will be its owner.</p>
      <Field label="Organization" name="organization" error={errors.organization} />
      {errors.form ? <p className="form-error" role="alert">{errors.form}</p> : null}
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? "Creating…" : "Create organization"}
      </button>
      <p className="muted small">
        <Link href="/">Back to the dashboard</Link>
      </p>
    </form>
  );
}
