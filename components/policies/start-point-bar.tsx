"use client";

// Where a policy starts: the recommendation, read-only, deny all, or a pasted document.
import { useId, useState } from "react";
import { isRecord, type Draft } from "./draft-model";
import { syntaxErrorAt } from "./json-lines";
import { START_POINTS, startDocument, type StartPoint } from "./start-points";
import type { BuilderTool } from "./types";

type Props = { tools: BuilderTool[]; prominent: boolean; onStart(draft: Draft, label: string): void };

export function StartPointBar({ tools, prominent, onStart }: Props) {
  const id = useId();
  const [pasting, setPasting] = useState(false);
  const [pasted, setPasted] = useState("");
  const [problem, setProblem] = useState("");
  const load = () => {
    try {
      const value: unknown = JSON.parse(pasted);
      if (!isRecord(value)) return setProblem("A policy document is a JSON object: { \"version\": \"1\", … }");
      onStart(value, "pasted JSON");
      setPasting(false);
      setProblem("");
    } catch (error) {
      const at = syntaxErrorAt(pasted, error);
      setProblem(`Line ${at.line}, column ${at.column}: this is not valid JSON (${at.message})`);
    }
  };
  return (
    <section className={prominent ? "start-points prominent" : "start-points"} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className={prominent ? undefined : "small-heading"}>{prominent ? "Choose a starting point" : "Start over from"}</h2>
      <div className="start-buttons">
        {START_POINTS.map((start) => (
          <button key={start.id} type="button" className="button start-button" title={start.text}
            onClick={() => (start.id === "paste" ? setPasting(true) : onStart(startDocument(start.id as StartPoint, tools), start.label))}>
            <strong>{start.label}</strong>
            {prominent ? <span className="muted small">{start.text}</span> : null}
          </button>
        ))}
      </div>
      {pasting ? (
        <div className="paste-box">
          <label htmlFor={`${id}-paste`}>Paste a policy document (JSON)</label>
          <textarea id={`${id}-paste`} rows={10} spellCheck={false} value={pasted} onChange={(e) => setPasted(e.target.value)}
            aria-invalid={problem ? true : undefined} aria-describedby={problem ? `${id}-problem` : undefined} />
          {problem ? <p id={`${id}-problem`} className="field-error" role="alert">{problem}</p> : null}
          <div className="row-actions">
            <button type="button" className="button small" onClick={load}>Use this policy</button>
            <button type="button" className="button small" onClick={() => setPasting(false)}>Cancel</button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
