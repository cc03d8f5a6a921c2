"use client";

// Changing a grant without a new token: its name, its policy (another policy of the same
// server) and its expiry. Gateways apply the change from the agent's next call.
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { updateGrantAction } from "@/app/(dashboard)/[org]/grants/actions";
import { Field } from "@/components/ui/field";
import { updateGrantBodySchema } from "@/lib/schemas/grant";

type Props = {
  slug: string;
  grant: { id: string; name: string; policyId: string; expiresAt: string | null };
  policies: { id: string; name: string }[];
};

/** datetime-local shows and reads the person's local time, without a zone. */
function localInput(iso: string | null): string {
  if (!iso) return "";
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

export function EditGrantForm({ slug, grant, policies }: Props) {
  const router = useRouter();
  const [name, setName] = useState(grant.name);
  const [policyId, setPolicyId] = useState(grant.policyId);
  const [expires, setExpires] = useState(localInput(grant.expiresAt));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const expiresAt = expires ? new Date(expires).toISOString() : null;
    const changes = {
      ...(name !== grant.name ? { name } : {}),
      ...(policyId !== grant.policyId ? { policyId } : {}),
      ...(expires !== localInput(grant.expiresAt) ? { expiresAt } : {}),
    };
    if (Object.keys(changes).length === 0) return setMessage("Nothing changed.");
    const parsed = updateGrantBodySchema.safeParse(changes);
    if (!parsed.success) {
      const fields: Record<string, string> = {};
      for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? "form")] ??= issue.message;
      return setErrors(fields);
    }
    setBusy(true);
    setErrors({});
    setMessage("");
    const result = await updateGrantAction(slug, { grantId: grant.id, changes: parsed.data });
    setBusy(false);
    if (!result.ok) {
      const field = result.error.pointer?.slice(1);
      return setErrors(result.error.fields ?? (field ? { [field]: result.error.message } : { form: result.error.message }));
    }
    setMessage("Saved. The token is unchanged; gateways apply this from the next call.");
    router.refresh();
  }

  return (
    <form className="card" aria-labelledby="edit-grant-title" onSubmit={onSubmit} noValidate>
      <h2 id="edit-grant-title">Edit grant</h2>
      <Field label="Grant name" name="name" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
      <div className="field">
        <label htmlFor="field-policyId">Policy</label>
        <select id="field-policyId" name="policyId" value={policyId} onChange={(e) => setPolicyId(e.target.value)} aria-invalid={errors.policyId ? true : undefined}>
          {policies.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
        </select>
        {errors.policyId ? <p className="field-error" role="alert">{errors.policyId}</p> : null}
      </div>
      <Field label="Expires" name="expiresAt" type="datetime-local" value={expires} onChange={(e) => setExpires(e.target.value)} error={errors.expiresAt}
        hint="Leave empty for no expiry." />
      {errors.form ? <p className="form-error" role="alert">{errors.form}</p> : null}
      {message ? <p className="notice" role="status">{message}</p> : null}
      <button type="submit" className="button primary" disabled={busy}>{busy ? "Saving…" : "Save changes"}</button>
    </form>
  );
}
