"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { createGrantAction } from "@/app/(dashboard)/[org]/grants/actions";
import { Field } from "@/components/ui/field";
import { TokenReveal } from "@/components/grants/token-reveal";
import { createGrantBodySchema, type CreatedGrant } from "@/lib/schemas/grant";
import { fieldErrors } from "@/lib/schemas/account";

type Choice = { id: string; name: string; policies: { id: string; name: string }[] };

function bodyFrom(form: HTMLFormElement) {
  const data = Object.fromEntries(new FormData(form)) as Record<string, string>;
  // datetime-local has no zone: it is the person's local time, sent as an instant.
  const expiresAt = data.expiresAt ? new Date(data.expiresAt).toISOString() : undefined;
  return { name: data.name ?? "", serverId: data.serverId ?? "", policyId: data.policyId ?? "", expiresAt };
}

export function CreateGrantForm({ slug, servers }: { slug: string; servers: Choice[] }) {
  const router = useRouter();
  const [serverId, setServerId] = useState(servers[0]?.id ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedGrant | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = bodyFrom(event.currentTarget);
    const parsed = createGrantBodySchema.safeParse(body);
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setBusy(true);
    setErrors({});
    const result = await createGrantAction(slug, parsed.data);
    setBusy(false);
    if (!result.ok) return setErrors(result.error.fields ?? { form: result.error.message });
    setCreated(result.data);
    router.refresh();
  }

  if (created) return <TokenReveal grant={created} onDone={() => setCreated(null)} />;
  if (servers.length === 0) {
    return (
      <p className="card muted">
        <Link href={`/${slug}/servers`}>Register a server</Link> and <Link href={`/${slug}/policies`}>build a policy</Link> first; then create a grant for it.
      </p>
    );
  }
  return (
    <form className="card form-grid" onSubmit={onSubmit} noValidate aria-label="Create a grant">
      <h2>Create a grant</h2>
      <Field label="Name" name="name" placeholder="Claude Desktop – Alice" error={errors.name} />
      <ServerPolicyFields servers={servers} serverId={serverId} onServer={setServerId} policyError={errors.policyId} />
      <Field label="Expires (optional)" name="expiresAt" type="datetime-local" error={errors.expiresAt} hint="Leave empty for no expiry." />
      {errors.form ? <p className="form-error" role="alert">{errors.form}</p> : null}
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? "Creating…" : "Create grant"}
      </button>
    </form>
  );
}

type FieldsProps = { servers: Choice[]; serverId: string; onServer: (id: string) => void; policyError?: string };

/** The server, then one of that server's policies (a policy belongs to one server). */
function ServerPolicyFields({ servers, serverId, onServer, policyError }: FieldsProps) {
  const policies = servers.find((s) => s.id === serverId)?.policies ?? [];
  return (
    <>
      <div className="field">
        <label htmlFor="field-serverId">Server</label>
        <select id="field-serverId" name="serverId" value={serverId} onChange={(e) => onServer(e.target.value)}>
          {servers.map((s) => (
            <option key={s.id} value={s.id}>{s.name}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="field-policyId">Policy</label>
        <select id="field-policyId" name="policyId" key={serverId} aria-invalid={policyError ? true : undefined}>
          {policies.map((p) => (
            <option key={p.id} value={p.id}>{p.name}</option>
          ))}
        </select>
        {policyError ? <p className="field-error" role="alert">{policyError}</p> : null}
        {policies.length === 0 ? <p className="field-hint">This server has no policy yet.</p> : null}
      </div>
    </>
  );
}
