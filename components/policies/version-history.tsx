"use client";

// Every saved version of a policy: who saved it and when, a diff between any two, and restore
// (which saves the old document as a new version; history is never rewritten).
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { restorePolicyVersionAction } from "@/app/(dashboard)/[org]/policies/actions";
import { JsonDiff } from "./json-diff";

export type VersionRow = { version: number; author: string; note: string | null; createdAt: string; document: unknown };

type Props = { slug: string; policyId: string; versions: VersionRow[]; currentVersion: number; canEdit: boolean };

export function VersionHistory({ slug, policyId, versions, currentVersion, canEdit }: Props) {
  const id = useId();
  const router = useRouter();
  const [to, setTo] = useState(versions[0]?.version ?? 1);
  const [from, setFrom] = useState(versions[1]?.version ?? versions[0]?.version ?? 1);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const find = (v: number) => versions.find((row) => row.version === v);
  const restore = async (version: number) => {
    setBusy(true);
    setError("");
    const result = await restorePolicyVersionAction(slug, { policyId, version });
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    router.push(`/${slug}/policies/${policyId}?saved=${result.data.version}`);
  };
  const before = find(from);
  const after = find(to);
  return (
    <section aria-labelledby={`${id}-title`} className="history">
      <h2 id={`${id}-title`}>History</h2>
      <table>
        <thead>
          <tr><th>Version</th><th>Saved</th><th>By</th><th>Note</th><th><span className="sr-only">Actions</span></th></tr>
        </thead>
        <tbody>
          {versions.map((row) => (
            <tr key={row.version} aria-current={row.version === currentVersion ? "true" : undefined}>
              <td>Version {row.version}{row.version === currentVersion ? <span className="badge connected">current</span> : null}</td>
              <td><time dateTime={row.createdAt}>{new Date(row.createdAt).toLocaleString()}</time></td>
              <td>{row.author}</td>
              <td>{row.note ?? ""}</td>
              <td className="row-actions">
                {row.version > 1 ? (
                  <button type="button" className="button small" onClick={() => { setTo(row.version); setFrom(row.version - 1); }}>
                    Changes in version {row.version}
                  </button>
                ) : null}
                {canEdit && row.version !== currentVersion ? (
                  <button type="button" className="button small" disabled={busy} onClick={() => restore(row.version)}>
                    Restore version {row.version}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      {versions.length > 1 ? (
        <div className="diff-controls">
          <div className="mini-field">
            <label htmlFor={`${id}-from`}>Compare version</label>
            <select id={`${id}-from`} value={from} onChange={(e) => setFrom(Number(e.target.value))}>
              {versions.map((v) => <option key={v.version} value={v.version}>{v.version}</option>)}
            </select>
          </div>
          <div className="mini-field">
            <label htmlFor={`${id}-to`}>with version</label>
            <select id={`${id}-to`} value={to} onChange={(e) => setTo(Number(e.target.value))}>
              {versions.map((v) => <option key={v.version} value={v.version}>{v.version}</option>)}
            </select>
          </div>
        </div>
      ) : null}
      {before && after && versions.length > 1 ? <JsonDiff before={before.document} after={after.document} label={`Changes from version ${from} to version ${to}`} /> : null}
    </section>
  );
}
