"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { createApiKeyAction, revokeApiKeyAction } from "@/app/(dashboard)/[org]/settings/actions";
import { CopyButton } from "@/components/grants/copy-button";
import type { Role } from "@/lib/auth/roles";

type Key = { id: string; name: string; keyPrefix: string; role: Role; createdBy: string | null; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };

/** Create (the key is shown once), list and revoke the organization's REST API keys. */
export function ApiKeys({ slug, keys, roles }: { slug: string; keys: Key[]; roles: Role[] }) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const result = await createApiKeyAction(slug, Object.fromEntries(new FormData(form)));
    if (!result.ok) return setErrors(result.error.fields ?? { form: result.error.message });
    setErrors({});
    setCreated(result.data);
    form.reset();
    router.refresh();
  }

  async function revoke(key: Key) {
    if (!window.confirm(`Revoke “${key.name}”? Scripts using it get 401 from now on.`)) return;
    const result = await revokeApiKeyAction(slug, key.id);
    if (!result.ok) return setErrors({ form: result.error.message });
    router.refresh();
  }

  return (
    <section className="card stack" aria-labelledby="api-keys-title">
      <h2 id="api-keys-title">API keys</h2>
      <p className="muted small">For the REST API: send <code>Authorization: Bearer &lt;key&gt;</code>. Keys act for this organization with their role.</p>
      <form className="inline-form" onSubmit={onSubmit} aria-label="Create an API key" noValidate>
        {/* Not <Field>: its id would be field-name, already taken by the rename form on this page. */}
        <div className="field">
          <label htmlFor="key-name">Key name</label>
          <input id="key-name" name="name" placeholder="CI deploys" aria-invalid={errors.name ? true : undefined} aria-describedby={errors.name ? "key-name-error" : undefined} />
          {errors.name ? <p id="key-name-error" className="field-error" role="alert">{errors.name}</p> : null}
        </div>
        <div className="field">
          <label htmlFor="key-role">Role</label>
          <select id="key-role" name="role" defaultValue="editor">
            {roles.map((r) => (
              <option key={r} value={r}>{r}</option>
            ))}
          </select>
        </div>
        <button type="submit" className="button primary">Create key</button>
      </form>
      {errors.form || errors.role ? <p className="form-error" role="alert">{errors.form ?? errors.role}</p> : null}
      {created ? (
        <div className="stack" style={{ gap: "0.5rem" }}>
          <p className="warning">Copy the key “{created.name}” now: it is shown only once.</p>
          <div className="token-row">
            <code data-testid="api-key">{created.token}</code>
            <CopyButton text={created.token} label="Copy the API key" />
          </div>
        </div>
      ) : null}
      <ApiKeyTable keys={keys} onRevoke={revoke} />
    </section>
  );
}

function ApiKeyTable({ keys, onRevoke }: { keys: Key[]; onRevoke: (key: Key) => void }) {
  if (keys.length === 0) return <p className="muted small">No API keys yet.</p>;
  return (
    <table aria-label="API keys">
      <thead>
        <tr><th>Name</th><th>Key</th><th>Role</th><th>Created by</th><th>Created</th><th>Last used</th><th /></tr>
      </thead>
      <tbody>
        {keys.map((k) => (
          <tr key={k.id}>
            <td>{k.name}</td>
            <td><code>{k.keyPrefix}…</code></td>
            <td><span className="badge">{k.role}</span></td>
            <td>{k.createdBy ?? "—"}</td>
            <td>{new Date(k.createdAt).toLocaleDateString()}</td>
            <td>{k.lastUsedAt ? new Date(k.lastUsedAt).toLocaleString() : "never"}</td>
            <td>
              {k.revokedAt ? <span className="badge grant-revoked">revoked</span> : (
                <button type="button" className="button small danger" onClick={() => onRevoke(k)}>Revoke</button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
