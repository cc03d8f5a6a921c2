"use client";

// A server's secrets by name. Values are write-only: set or replace one, or remove it; the
// current value is never sent to the browser.
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { updateSecretsAction } from "@/app/(dashboard)/[org]/servers/actions";

type Props = { slug: string; serverId: string; names: string[]; kind: "header" | "variable"; canManage: boolean };

export function SecretsPanel({ slug, serverId, names, kind, canManage }: Props) {
  const id = useId();
  const router = useRouter();
  const [name, setName] = useState("");
  const [value, setValue] = useState("");
  const [error, setError] = useState("");
  const send = async (secrets: Record<string, string | null>) => {
    setError("");
    const result = await updateSecretsAction(slug, { serverId, secrets });
    if (!result.ok) return setError(result.error.message);
    setName("");
    setValue("");
    router.refresh();
  };
  return (
    <div>
      <h3>{kind === "header" ? "Headers" : "Environment"}</h3>
      {names.length === 0 ? <p className="muted small">None.</p> : null}
      <ul className="tool-list">
        {names.map((n) => (
          <li key={n} className="kv-row">
            <code>{n}</code> <span className="secret-set">••••• set</span>
            {canManage ? <button type="button" className="button small danger" onClick={() => send({ [n]: null })}>Remove {n}</button> : null}
          </li>
        ))}
      </ul>
      {canManage ? (
        <form className="kv-row" onSubmit={(e) => { e.preventDefault(); if (name.trim()) void send({ [name.trim()]: value }); }}>
          <div className="mini-field">
            <label htmlFor={`${id}-name`}>{kind === "header" ? "Header name" : "Variable"}</label>
            <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} />
          </div>
          <div className="mini-field wide">
            <label htmlFor={`${id}-value`}>New value</label>
            <input id={`${id}-value`} type="password" autoComplete="new-password" value={value} onChange={(e) => setValue(e.target.value)} />
          </div>
          <button type="submit" className="button small">Set secret</button>
        </form>
      ) : null}
      {error ? <p className="field-error" role="alert">{error}</p> : null}
    </div>
  );
}
