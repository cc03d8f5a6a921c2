"use client";

import { useState, type FormEvent } from "react";
import type { ConsentOutcome, ConsentView } from "@/lib/schemas/oauth";

type Props = { view: ConsentView; approve: (input: unknown) => Promise<ConsentOutcome>; deny: (uid: string) => Promise<ConsentOutcome> };

/** Which client asks for which server; the person picks the organization and the policy. */
export function ConsentForm({ view, approve, deny }: Props) {
  const { client, server } = view;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function settle(outcome: Promise<ConsentOutcome>) {
    setBusy(true);
    setError(null);
    const result = await outcome;
    if (!result.ok) {
      setBusy(false);
      return setError(result.message);
    }
    window.location.assign(result.redirectTo);
  }

  function onApprove(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void settle(approve(Object.fromEntries(new FormData(event.currentTarget))));
  }

  return (
    <div className="card">
      <h1>Connect {client.name}</h1>
      <dl aria-label="Authorization request">
        <dt>Client</dt>
        <dd>{client.name}</dd>
        {client.clientUri ? (
          <>
            <dt>Website</dt>
            <dd className="muted small">{client.clientUri}</dd>
          </>
        ) : null}
        {client.logoUri ? (
          <>
            <dt>Logo</dt>
            <dd className="muted small">{client.logoUri}</dd>
          </>
        ) : null}
        <dt>Client id</dt>
        <dd className="muted small">{client.id}</dd>
        <dt>Returns to</dt>
        <dd className="muted small">{client.redirectUri}</dd>
        <dt>Server</dt>
        <dd>
          {server.name} <span className="muted small">{view.resource}</span>
        </dd>
      </dl>
      {view.policies.length === 0 ? (
        <p role="alert">This server has no policy yet: create one first, then connect again.</p>
      ) : (
        <form onSubmit={onApprove}>
          <input type="hidden" name="uid" value={view.uid} />
          <div className="field">
            <label htmlFor="field-orgId">Organization</label>
            <select id="field-orgId" name="orgId" defaultValue={view.organizations[0]?.id}>
              {view.organizations.map((org) => (
                <option key={org.id} value={org.id}>{org.name}</option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="field-policyId">Policy</label>
            <select id="field-policyId" name="policyId" defaultValue={view.policies[0]?.id}>
              {view.policies.map((policy) => (
                <option key={policy.id} value={policy.id}>{policy.name}</option>
              ))}
            </select>
          </div>
          <p className="muted small">Approving creates a grant for {client.name}, listed under Grants, where you can revoke it.</p>
          <button type="submit" className="button primary" disabled={busy}>Allow</button>
        </form>
      )}
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      <button type="button" className="button" disabled={busy} onClick={() => void settle(deny(view.uid))}>Deny</button>
    </div>
  );
}
