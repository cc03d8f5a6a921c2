"use client";

// The visual side of the builder: every part of a version-1 document as form controls. It
// edits the same draft the JSON tab shows, so either side can be used at any time.
import { useId, useState } from "react";
import { resolveRule } from "@/lib/policy/compile-policy";
import type { CompiledPolicy } from "@/lib/policy/types";
import { AccessRules } from "./access-rules";
import { BulkActions } from "./bulk-actions";
import { allToolsOf, countersOf, entryOf, limitsOf, toolEntries, withAllToolsLimits, withDefault, withEntry, type Draft } from "./draft-model";
import { FieldMessage, RuleIssues } from "./issues-context";
import { COUNTER_LIST_ID, LimitsEditor } from "./limits-editor";
import { OtherRules } from "./other-rules";
import { ToolRow } from "./tool-row";
import type { BuilderTool } from "./types";

type Props = { draft: Draft; tools: BuilderTool[]; compiled: CompiledPolicy | null; onChange(draft: Draft): void };

const GROUPS = [
  { cls: "read", title: "Read tools" },
  { cls: "write", title: "Write tools" },
  { cls: "delete", title: "Delete tools" },
] as const;

export function VisualEditor({ draft, tools, compiled, onChange }: Props) {
  const id = useId();
  const [filter, setFilter] = useState("");
  const known = new Set(tools.map((t) => t.name));
  const others = toolEntries(draft).filter(([key]) => !known.has(key));
  const defaultAction = draft.default === "allow" ? "allow" : "deny";
  const decidedBy = (name: string) => {
    if (!compiled || entryOf(draft, name)) return null;
    return resolveRule(compiled, name).key;
  };
  const shown = tools.filter((t) => t.name.toLowerCase().includes(filter.trim().toLowerCase()));
  return (
    <div className="visual-editor">
      <datalist id={COUNTER_LIST_ID}>
        {countersOf(draft).map((c) => <option key={c} value={c} />)}
      </datalist>
      <DefaultSection value={draft.default} onChange={(value) => onChange(withDefault(draft, value))} />
      <BulkActions draft={draft} tools={tools} onChange={onChange} />
      <section className="card" aria-labelledby={`${id}-tools`}>
        <div className="section-head">
          <h3 id={`${id}-tools`}>Tools of this server ({tools.length})</h3>
          <input aria-label="Filter tools" placeholder="Filter tools" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </div>
        {tools.length === 0 ? <p className="muted">This server lists no tools yet: sync it on the Servers page.</p> : null}
        {GROUPS.map((group) => {
          const members = shown.filter((t) => t.class === group.cls);
          if (members.length === 0) return null;
          return (
            <section key={group.cls} aria-label={group.title} className="tool-group">
              <h4>
                <span className={`badge ${group.cls}`}>{group.cls}</span> {group.title} ({members.length})
              </h4>
              <ul className="tool-list">
                {members.map((tool) => (
                  <ToolRow key={tool.name} tool={tool} entry={entryOf(draft, tool.name)} defaultAction={defaultAction}
                    decidedBy={decidedBy(tool.name)} onChange={(entry) => onChange(withEntry(draft, tool.name, entry))} />
                ))}
              </ul>
            </section>
          );
        })}
      </section>
      <OtherRules rules={others} isTaken={(key) => entryOf(draft, key) !== undefined}
        onChange={(key, entry) => onChange(withEntry(draft, key, entry))} />
      <section className="card" aria-labelledby={`${id}-all`}>
        <h3 id={`${id}-all`}>Limits on every call</h3>
        <p className="muted small">Counted for every call the policy lets through, whatever the tool (all_tools).</p>
        <LimitsEditor pointer="/all_tools" limits={limitsOf(allToolsOf(draft))} defaultCounter="all_calls"
          onChange={(limits) => onChange(withAllToolsLimits(draft, limits))} />
        <RuleIssues pointer="/all_tools" />
      </section>
      <AccessRules section="resources" draft={draft} onChange={onChange} />
      <AccessRules section="prompts" draft={draft} onChange={onChange} />
    </div>
  );
}

function DefaultSection({ value, onChange }: { value: unknown; onChange(value: "allow" | "deny"): void }) {
  const id = useId();
  return (
    <fieldset className="card default-section" aria-describedby={`${id}-error`}>
      <legend>Tools the policy does not name</legend>
      <label className="radio">
        <input type="radio" name={`${id}-default`} checked={value === "deny"} onChange={() => onChange("deny")} />
        Deny: hide them from the agent
      </label>
      <label className="radio">
        <input type="radio" name={`${id}-default`} checked={value === "allow"} onChange={() => onChange("allow")} />
        Allow them
      </label>
      <FieldMessage id={`${id}-error`} pointer="/default" />
    </fieldset>
  );
}
