"use client";

// Rules that name no tool of the catalog: glob patterns (delete_*, get_*, *) and names the
// server does not list (yet). Patterns have no input schema, so arguments are typed freely.
import { useId, useState } from "react";
import { ActionSelect } from "./action-select";
import { actionOf, toolPointerOf, withAction, type Entry } from "./draft-model";
import { RuleIssues } from "./issues-context";
import { RuleDetails } from "./rule-details";

type Props = { rules: [string, Entry][]; onChange(key: string, entry: Entry | undefined): void; isTaken(key: string): boolean };

export function OtherRules({ rules, onChange, isTaken }: Props) {
  const id = useId();
  const [key, setKey] = useState("");
  const [action, setAction] = useState("deny");
  const [problem, setProblem] = useState("");
  const add = () => {
    const trimmed = key.trim();
    if (!trimmed) return setProblem("Type a tool name or a pattern such as delete_*");
    if (isTaken(trimmed)) return setProblem(`The policy already has a rule for ${trimmed}`);
    onChange(trimmed, withAction({}, action));
    setKey("");
    setProblem("");
  };
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Patterns and other tool names</h3>
      <p className="muted small">
        A pattern decides every tool it matches that has no rule of its own; a longer pattern wins over a shorter one.
      </p>
      <ul className="tool-list">
        {rules.map(([ruleKey, entry]) => (
          <li key={ruleKey} className="tool-row">
            <div className="tool-head">
              <code>{ruleKey}</code>
              <div className="row-actions">
                <ActionSelect ruleKey={ruleKey} action={actionOf(entry)} onChange={(next) => onChange(ruleKey, withAction(entry, next ?? "allow"))} />
                <button type="button" className="button small danger" onClick={() => onChange(ruleKey, undefined)}>
                  Remove rule for {ruleKey}
                </button>
              </div>
            </div>
            {actionOf(entry) !== "hide" ? (
              <RuleDetails ruleKey={ruleKey} entry={entry} args={[]} onChange={(next) => onChange(ruleKey, next)} />
            ) : (
              <RuleIssues pointer={toolPointerOf(ruleKey)} />
            )}
          </li>
        ))}
      </ul>
      <div className="add-rule">
        <div className="mini-field">
          <label htmlFor={`${id}-key`}>Tool name or pattern</label>
          <input id={`${id}-key`} value={key} placeholder="delete_*" onChange={(e) => setKey(e.target.value)}
            onKeyDown={(e) => { if (e.key === "Enter") { e.preventDefault(); add(); } }} />
        </div>
        <div className="mini-field">
          <label htmlFor={`${id}-action`}>Its action</label>
          <select id={`${id}-action`} value={action} onChange={(e) => setAction(e.target.value)}>
            <option value="allow">Allow</option>
            <option value="deny">Deny</option>
            <option value="hide">Hide</option>
            <option value="require_approval">Require approval</option>
          </select>
        </div>
        <button type="button" className="button small" onClick={add}>Add rule</button>
      </div>
      {problem ? <p className="field-error" role="alert">{problem}</p> : null}
    </section>
  );
}
