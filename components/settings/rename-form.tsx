"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { renameOrganizationAction } from "@/app/(dashboard)/[org]/settings/actions";
import { Field } from "@/components/ui/field";

export function RenameForm({ slug, name }: { slug: string; name: string }) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    const result = await renameOrganizationAction(slug, { name: new FormData(event.currentTarget).get("name") });
    if (!result.ok) return setErrors(result.error.fields ?? { form: result.error.message });
    setErrors({});
    setSaved(true);
    router.refresh();
  }
  return (
    <form className="card inline-form" onSubmit={onSubmit} aria-label="Rename the organization" noValidate>
      <Field label="Organization name" name="name" defaultValue={name} error={errors.name} />
      <button type="submit" className="button primary">Save</button>
      <span role="status" className="muted small">{saved ? "Saved" : ""}</span>
      {errors.form ? <p className="form-error" role="alert">{errors.form}</p> : null}
    </form>
  );
}
