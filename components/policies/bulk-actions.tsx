"use client";

// Changes to many tools at once, by class and risk. Rate-limiting writes uses one shared
// counter, so the limit is on all writes together, and never turns on a tool that was off.
import { useId, useState } from "react";
import { WINDOW_NAMES } from "@/lib/schemas/policy";
import { actionOf, entryOf, limitsOf, updateEntry, withAction, withEntry, withLimits, type Draft } from "./draft-model";
import type { BuilderTool } from "./types";

type Props = { draft: Draft; tools: BuilderTool[]; onChange(draft: Draft): void };

function setAll(draft: Draft, tools: BuilderTool[], action: string): Draft {
  return tools.reduce((doc, tool) => updateEntry(doc, tool.name, (entry) => withAction(entry, action)), draft);
}

function limitWrites(draft: Draft, writes: BuilderTool[], limit: { counter: string; window: string; max: number }): { draft: Draft; count: number } {
  let count = 0;
  let doc = draft;
  for (const tool of writes) {
    const entry = entryOf(doc, tool.name) ?? (doc.default === "allow" ? {} : undefined);
    if (!entry || !["allow", "require_approval"].includes(actionOf(entry))) continue;
    const others = limitsOf(entry).filter((l) => l.counter !== limit.counter);
    doc = withEntry(doc, tool.name, withLimits(entry, [...others, { ...limit, scope: "grant" }]));
    count++;
  }
  return { draft: doc, count };
}

export function BulkActions({ draft, tools, onChange }: Props) {
  const id = useId();
  const [max, setMax] = useState("60");
  const [window, setWindow] = useState("minute");
  const [counter, setCounter] = useState("all_writes");
  const [done, setDone] = useState("");
  const deletes = tools.filter((t) => t.class === "delete");
  const writes = tools.filter((t) => t.class === "write");
  const riskyWrites = writes.filter((t) => t.risk === "high");
  const run = (next: Draft, message: string) => {
    onChange(next);
    setDone(message);
  };
  return (
    <section className="card bulk" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Bulk actions</h3>
      <div className="bulk-buttons">
        <button type="button" className="button small" disabled={deletes.length === 0}
          onClick={() => run(setAll(draft, deletes, "hide"), `Hid ${deletes.length} delete tools.`)}>
          Hide all deletes ({deletes.length})
        </button>
        <button type="button" className="button small" disabled={riskyWrites.length === 0}
          onClick={() => run(setAll(draft, riskyWrites, "require_approval"), `${riskyWrites.length} high-risk writes now need approval.`)}>
          Require approval for high-risk writes ({riskyWrites.length})
        </button>
      </div>
      <div className="bulk-limit">
        <div className="mini-field">
          <label htmlFor={`${id}-max`}>Writes allowed</label>
          <input id={`${id}-max`} type="number" min={0} value={max} onChange={(e) => setMax(e.target.value)} />
        </div>
        <div className="mini-field">
          <label htmlFor={`${id}-window`}>Per</label>
          <select id={`${id}-window`} value={window} onChange={(e) => setWindow(e.target.value)}>
            {WINDOW_NAMES.map((w) => <option key={w} value={w}>{w}</option>)}
          </select>
        </div>
        <div className="mini-field">
          <label htmlFor={`${id}-counter`}>Shared counter</label>
          <input id={`${id}-counter`} value={counter} onChange={(e) => setCounter(e.target.value)} />
        </div>
        <button type="button" className="button small" disabled={writes.length === 0 || !/^\d+$/.test(max) || counter.trim() === ""}
          onClick={() => {
            const result = limitWrites(draft, writes, { counter: counter.trim(), window, max: Number(max) });
            run(result.draft, `${result.count} allowed write tools share the ${counter.trim()} limit.`);
          }}>
          Rate-limit all writes
        </button>
      </div>
      <p className="muted small" role="status">{done}</p>
    </section>
  );
}
