"use client";

// Argument conditions of one rule: `when` (all must hold to allow) or `deny_if` (any denies).
// The argument picker, the operators and the value input follow the tool's input schema.
import { useId } from "react";
import type { ConditionOp } from "@/lib/schemas/policy";
import { defaultValueFor, OP_LABELS, opsFor, valueKind } from "./condition-ops";
import { ConditionValue } from "./condition-value";
import { replaceAt, type ConditionDraft, type ConditionList } from "./draft-model";
import { FieldMessage, useIssues } from "./issues-context";
import type { ArgSpec, ArgType } from "./schema-args";

const TITLES: Record<ConditionList, { heading: string; add: string; empty: string }> = {
  when: { heading: "Allow only when all of these hold", add: "Add an “allow only when” condition", empty: "No requirement on the arguments." },
  deny_if: { heading: "Deny when any of these holds", add: "Add a “deny if” condition", empty: "No argument is refused." },
};

type Props = { pointer: string; list: ConditionList; conditions: ConditionDraft[]; args: ArgSpec[]; onChange(next: ConditionDraft[]): void };

export function ConditionsEditor({ pointer, list, conditions, args, onChange }: Props) {
  const listId = useId();
  const title = TITLES[list];
  const add = () => {
    const first = args[0];
    const op = opsFor(first?.type ?? "unknown")[0] ?? "eq";
    const value = defaultValueFor(valueKind(op, first?.type ?? "unknown"));
    onChange([...conditions, { arg: first?.name ?? "", op, value }]);
  };
  return (
    <div className="conditions">
      <h4>{title.heading}</h4>
      {conditions.length === 0 ? <p className="muted small">{title.empty}</p> : null}
      <datalist id={listId}>
        {args.map((a) => <option key={a.name} value={a.name}>{`${a.name} (${a.type})`}</option>)}
      </datalist>
      {conditions.map((condition, index) => (
        <ConditionRow
          key={index}
          label={`${list === "when" ? "Allow-only-when" : "Deny-if"} condition ${index + 1}`}
          pointer={`${pointer}/${list}/${index}`}
          condition={condition}
          args={args}
          argListId={listId}
          onChange={(next) => onChange(replaceAt(conditions, index, next))}
        />
      ))}
      <button type="button" className="button small" onClick={add}>
        {title.add}
      </button>
    </div>
  );
}

type RowProps = {
  label: string;
  pointer: string;
  condition: ConditionDraft;
  args: ArgSpec[];
  argListId: string;
  onChange(next: ConditionDraft | undefined): void;
};

function ConditionRow({ label, pointer, condition, args, argListId, onChange }: RowProps) {
  const id = useId();
  const { errors } = useIssues();
  const argName = typeof condition.arg === "string" ? condition.arg : "";
  const spec = args.find((a) => a.name === argName);
  const type: ArgType = spec?.type ?? "unknown";
  const op = typeof condition.op === "string" ? condition.op : "";
  const offered: readonly string[] = opsFor(type);
  const ops = offered.includes(op) || op === "" ? offered : [...offered, op];
  const kind = valueKind(op, type);
  const changeOp = (next: string) => {
    const nextKind = valueKind(next, type);
    onChange({ ...condition, op: next, value: nextKind === kind ? condition.value : defaultValueFor(nextKind) });
  };
  const invalid = (field: string) => errors.some((e) => e.pointer === `${pointer}/${field}`);
  return (
    <div role="group" aria-label={label} className="condition-row">
      <div className="mini-field">
        <label htmlFor={`${id}-arg`}>Argument</label>
        <input id={`${id}-arg`} list={argListId} value={argName} aria-invalid={invalid("arg") || undefined}
          onChange={(e) => onChange({ ...condition, arg: e.target.value })} />
        <FieldMessage id={`${id}-arg-error`} pointer={`${pointer}/arg`} />
      </div>
      <div className="mini-field">
        <label htmlFor={`${id}-op`}>Operator</label>
        <select id={`${id}-op`} value={op} onChange={(e) => changeOp(e.target.value)}>
          {op === "" ? <option value="">Choose…</option> : null}
          {ops.map((o) => <option key={o} value={o}>{OP_LABELS[o as ConditionOp] ?? o}</option>)}
        </select>
        <FieldMessage id={`${id}-op-error`} pointer={`${pointer}/op`} />
      </div>
      <div className="mini-field">
        <label htmlFor={`${id}-value`}>Value</label>
        <ConditionValue id={`${id}-value`} kind={kind} type={type} value={condition.value} invalid={invalid("value")}
          suggestions={spec?.enumValues ?? null} onValue={(value) => onChange({ ...condition, value })} />
        <FieldMessage id={`${id}-value-error`} pointer={`${pointer}/value`} />
      </div>
      <button type="button" className="button small danger" onClick={() => onChange(undefined)}>
        Remove condition
      </button>
    </div>
  );
}
