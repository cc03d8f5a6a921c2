"use client";

// The builder's section for resources or prompts: what the policy does with those it does not
// name (the document's default, or the section's own), and rules by URI / name or pattern,
// each with an action (allow, deny, hide), a reason and, when allowed, rate limits.
import { useId, useState } from "react";
import { ACCESS_ACTIONS } from "@/lib/schemas/policy";
import { accessDefaultOf, accessEntriesOf, accessPointerOf, withAccessAction, withAccessDefault, withAccessEntry, type AccessSection } from "./access-draft";
import { ACTION_LABELS, ActionSelect } from "./action-select";
import { actionOf, counterFor, limitsOf, withField, withLimits, type Draft, type Entry } from "./draft-model";
import { FieldMessage, RuleIssues } from "./issues-context";
import { LimitsEditor } from "./limits-editor";

const TEXT = {
  resources: { title: "Resources", what: "resources", one: "resource", keyLabel: "Resource URI or pattern", placeholder: "mlflow://experiments/*",
    hint: "A URI, or a pattern where * matches any run of characters (mlflow://experiments/*). Resource templates are listed when their URI template matches." },
  prompts: { title: "Prompts", what: "prompts", one: "prompt", keyLabel: "Prompt name or pattern", placeholder: "find_*",
    hint: "A prompt's name, or a pattern with * and ? as for tools (find_*)." },
} as const;

type Props = { section: AccessSection; draft: Draft; onChange(draft: Draft): void };

export function AccessRules({ section, draft, onChange }: Props) {
  const id = useId();
  const text = TEXT[section];
  const rules = accessEntriesOf(draft, section);
  const own = accessDefaultOf(draft, section);
  const documentDefault = draft.default === "allow" ? "allow" : "deny";
  const setEntry = (key: string, entry: Entry | undefined) => onChange(withAccessEntry(draft, section, key, entry));
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{text.title}</h3>
      <div className="mini-field">
        <label htmlFor={`${id}-default`}>{text.title} the policy does not name</label>
        <select id={`${id}-default`} value={own ?? ""} onChange={(e) => onChange(withAccessDefault(draft, section, e.target.value === "" ? undefined : (e.target.value as "allow" | "deny")))}>
          <option value="">As for tools ({documentDefault === "allow" ? "allow them" : "hide them"})</option>
          <option value="allow">Allow them</option>
          <option value="deny">Deny: hide them from the agent</option>
        </select>
        <FieldMessage id={`${id}-default-error`} pointer={`/${section}/default`} />
      </div>
      <p className="muted small">{text.hint}</p>
      <ul className="tool-list">
        {rules.map(([key, entry]) => (
          <AccessRuleRow key={key} section={section} ruleKey={key} entry={entry} onChange={(next) => setEntry(key, next)} />
        ))}
      </ul>
      <AddAccessRule section={section} isTaken={(key) => rules.some(([k]) => k === key)} onAdd={(key, action) => setEntry(key, withAccessAction({}, action))} />
      <RuleIssues pointer={`/${section}/default`} />
    </section>
  );
}

type RowProps = { section: AccessSection; ruleKey: string; entry: Entry; onChange(entry: Entry | undefined): void };

function AccessRuleRow({ section, ruleKey, entry, onChange }: RowProps) {
  const id = useId();
  const pointer = accessPointerOf(section, ruleKey);
  const action = actionOf(entry);
  return (
    <li className="tool-row">
      <div className="tool-head">
        <code>{ruleKey}</code>
        <div className="row-actions">
          <ActionSelect ruleKey={ruleKey} action={action} actions={ACCESS_ACTIONS} onChange={(next) => onChange(withAccessAction(entry, next ?? "allow"))} />
          <button type="button" className="button small danger" onClick={() => onChange(undefined)}>Remove rule for {ruleKey}</button>
        </div>
      </div>
      {action === "deny" ? (
        <div className="mini-field wide">
          <label htmlFor={`${id}-reason`}>Reason told to the agent when refused</label>
          <input id={`${id}-reason`} value={typeof entry.reason === "string" ? entry.reason : ""} placeholder={`This ${TEXT[section].one} is denied by policy.`}
            onChange={(e) => onChange(withField(entry, "reason", e.target.value === "" ? undefined : e.target.value))} />
          <FieldMessage id={`${id}-reason-error`} pointer={`${pointer}/reason`} />
        </div>
      ) : null}
      {action === "allow" ? (
        <LimitsEditor pointer={pointer} limits={limitsOf(entry)} defaultCounter={counterFor(ruleKey)} onChange={(limits) => onChange(withLimits(entry, limits))} />
      ) : null}
      <RuleIssues pointer={pointer} />
    </li>
  );
}

type AddProps = { section: AccessSection; isTaken(key: string): boolean; onAdd(key: string, action: string): void };

function AddAccessRule({ section, isTaken, onAdd }: AddProps) {
  const id = useId();
  const text = TEXT[section];
  const [key, setKey] = useState("");
  const [action, setAction] = useState("allow");
  const [problem, setProblem] = useState("");
  const add = () => {
    const trimmed = key.trim();
    if (!trimmed) return setProblem(`Type a ${text.keyLabel.toLowerCase()} such as ${text.placeholder}`);
    if (isTaken(trimmed)) return setProblem(`The policy already has a rule for ${trimmed}`);
    onAdd(trimmed, action);
    setKey("");
    setProblem("");
  };
  return (
    <>
      <div className="add-rule">
        <div className="mini-field">
          <label htmlFor={`${id}-key`}>{text.keyLabel}</label>
          <input id={`${id}-key`} value={key} placeholder={text.placeholder} onChange={(e) => setKey(e.target.value)}
            onKeyDown={(e) => { if (e.key === "Enter") { e.preventDefault(); add(); } }} />
        </div>
        <div className="mini-field">
          <label htmlFor={`${id}-action`}>Its action</label>
          <select id={`${id}-action`} value={action} onChange={(e) => setAction(e.target.value)}>
            {ACCESS_ACTIONS.map((a) => <option key={a} value={a}>{ACTION_LABELS[a]}</option>)}
          </select>
        </div>
        <button type="button" className="button small" onClick={add}>Add {text.one} rule</button>
      </div>
      {problem ? <p className="field-error" role="alert">{problem}</p> : null}
    </>
  );
}
