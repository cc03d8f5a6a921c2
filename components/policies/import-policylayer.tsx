"use client";

// "Import a PolicyLayer policy": paste PolicyLayer's JSON, see what the conversion changed (or
// what it refused and why), then put the Warden document in the draft. Saving still validates again.
import { useId, useState } from "react";
import { importPolicyLayer, type ImportResult } from "@/lib/policy/import-policylayer";
import { prettyJson } from "./draft-model";

function convert(text: string): ImportResult | { ok: false; syntax: string } {
  try {
    return importPolicyLayer(JSON.parse(text));
  } catch (error) {
    return { ok: false, syntax: error instanceof Error ? error.message : String(error) };
  }
}

export function ImportPolicyLayer({ onImport }: { onImport(text: string): void }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [result, setResult] = useState<ReturnType<typeof convert> | null>(null);
  if (!open) {
    return <button type="button" className="button" onClick={() => setOpen(true)}>Import a PolicyLayer policy</button>;
  }
  return (
    <section className="card stack" aria-label="Import a PolicyLayer policy">
      <label htmlFor={`${id}-source`}>PolicyLayer policy JSON</label>
      <textarea id={`${id}-source`} rows={10} spellCheck={false} value={text} onChange={(e) => { setText(e.target.value); setResult(null); }} />
      <div className="row">
        <button type="button" className="button" onClick={() => setResult(convert(text))}>Convert</button>
        <button type="button" className="button" onClick={() => { setOpen(false); setResult(null); }}>Cancel</button>
      </div>
      {result && "syntax" in result ? <p className="field-error" role="alert">This is not valid JSON ({result.syntax})</p> : null}
      {result && !result.ok && "errors" in result ? (
        <ul aria-label="Cannot be converted" className="issue-list">
          {result.errors.map((e) => <li key={`${e.pointer}${e.message}`} className="field-error"><code>{e.pointer || "/"}</code> {e.message}</li>)}
        </ul>
      ) : null}
      {result?.ok ? (
        <>
          {result.changes.length === 0 ? <p className="muted">Nothing to change: this is already a Warden policy.</p> : (
            <ul aria-label="What the import changed" className="issue-list">
              {result.changes.map((c) => <li key={`${c.pointer}${c.message}`}><code>{c.pointer}</code> {c.message}</li>)}
            </ul>
          )}
          <button type="button" className="button primary" onClick={() => { onImport(prettyJson(result.document)); setOpen(false); setResult(null); }}>
            Use the converted policy
          </button>
        </>
      ) : null}
    </section>
  );
}
