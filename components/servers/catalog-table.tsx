"use client";

// The server's tools as last listed: class and risk (from the classification), annotations,
// description and parameters, with filters.
import { useId, useState } from "react";
import { argsOf } from "@/components/policies/schema-args";
import type { BuilderTool } from "@/components/policies/types";

const HINTS = ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"] as const;

function Select({ label, value, options, onChange }: { label: string; value: string; options: string[]; onChange(v: string): void }) {
  const id = useId();
  return (
    <div className="mini-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">All</option>
        {options.map((o) => <option key={o} value={o}>{o}</option>)}
      </select>
    </div>
  );
}

export function CatalogTable({ tools }: { tools: BuilderTool[] }) {
  const [cls, setCls] = useState("");
  const [risk, setRisk] = useState("");
  const [status, setStatus] = useState("");
  const [text, setText] = useState("");
  const shown = tools.filter(
    (t) => (!cls || t.class === cls) && (!risk || t.risk === risk) && (!status || t.status === status) && t.name.includes(text.trim()),
  );
  return (
    <section aria-label="Tool catalog">
      <div className="filters">
        <Select label="Class" value={cls} options={["read", "write", "delete"]} onChange={setCls} />
        <Select label="Risk" value={risk} options={["low", "medium", "high"]} onChange={setRisk} />
        <Select label="Status" value={status} options={["active", "quarantined"]} onChange={setStatus} />
        <div className="mini-field">
          <label htmlFor="catalog-search">Name contains</label>
          <input id="catalog-search" value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <p className="muted small" role="status">{shown.length} of {tools.length} tools</p>
      </div>
      <table>
        <thead>
          <tr><th>Tool</th><th>Class</th><th>Risk</th><th>Annotations</th><th>Description</th><th>Parameters</th></tr>
        </thead>
        <tbody>
          {shown.map((tool) => (
            <tr key={tool.name} data-tool={tool.name}>
              <td>
                <code>{tool.name}</code>
                {tool.status === "quarantined" ? <> <span className="badge quarantined">quarantined</span></> : null}
              </td>
              <td><span className={`badge ${tool.class}`}>{tool.class}</span></td>
              <td><span className={`badge ${tool.risk}`}>{tool.risk}</span></td>
              <td className="small">{HINTS.filter((h) => tool.annotations?.[h] === true).map((h) => h.replace("Hint", "")).join(", ") || "—"}</td>
              <td className="small">{tool.description}</td>
              <td>
                <ul className="params">
                  {argsOf(tool.inputSchema).map((a) => (
                    <li key={a.name}><code>{a.name}</code> <span className="muted">{a.type}{a.required ? ", required" : ""}</span></li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
