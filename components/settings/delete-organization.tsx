"use client";

import { useState, type FormEvent } from "react";
import { deleteOrganizationAction } from "@/app/(dashboard)/[org]/settings/actions";
import { Field } from "@/components/ui/field";

/** Owner only. The audit goes with the organization, so the form offers its export first. */
export function DeleteOrganization({ slug, name }: { slug: string; name: string }) {
  const [errors, setErrors] = useState<Record<string, string>>({});

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await deleteOrganizationAction(slug, { confirmName: new FormData(event.currentTarget).get("confirmName") });
    if (!result.ok) return setErrors(result.error.fields ?? { form: result.error.message });
    window.location.assign("/");
  }

  return (
    <section className="card">
      <h2>Delete this organization</h2>
      <p>
        Its servers, policies, grants, approvals, API keys, invitations and audit log are removed, and its grants stop working at once.
        Keep a copy of the audit first: <a href={`/api/orgs/${slug}/audit/export?format=csv`} download>export CSV</a> ·{" "}
        <a href={`/api/orgs/${slug}/audit/export?format=json`} download>export JSON</a>.
      </p>
      <form onSubmit={onSubmit} noValidate aria-label="Delete this organization">
        <Field label={`Type "${name}" to confirm`} name="confirmName" autoComplete="off" error={errors.confirmName} />
        {errors.form ? <p className="form-error" role="alert">{errors.form}</p> : null}
        <button type="submit" className="button danger">Delete the organization</button>
      </form>
    </section>
  );
}
