"use client";

// Rate limits of one rule (or of all_tools). A counter name offered from the list of counters
// already in the policy shares that count; a new name starts a count of its own.
import { useId } from "react";
import { LIMIT_SCOPES, WINDOW_NAMES } from "@/lib/schemas/policy";
import { newLimit, replaceAt, type LimitDraft } from "./draft-model";
import { FieldMessage, useIssues } from "./issues-context";

export const COUNTER_LIST_ID = "policy-counter-names";

const SCOPE_LABELS: Record<string, string> = { grant: "per grant", server: "per server (all grants)", organization: "per organization" };

type Props = { pointer: string; limits: LimitDraft[]; defaultCounter: string; onChange(limits: LimitDraft[]): void };

export function LimitsEditor({ pointer, limits, defaultCounter, onChange }: Props) {
  return (
    <div className="limits">
      <h4>Rate limits</h4>
      {limits.length === 0 ? <p className="muted small">No limit: calls are not counted.</p> : null}
      {limits.map((limit, index) => (
        <LimitRow
          key={index}
          index={index}
          pointer={`${pointer}/limits/${index}`}
          limit={limit}
          onChange={(next) => onChange(replaceAt(limits, index, next))}
        />
      ))}
      <button type="button" className="button small" onClick={() => onChange([...limits, newLimit(defaultCounter)])}>
        Add limit
      </button>
    </div>
  );
}

function numberOrText(text: string): number | string | undefined {
  if (text.trim() === "") return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}

type RowProps = { index: number; pointer: string; limit: LimitDraft; onChange(limit: LimitDraft | undefined): void };

function LimitRow({ index, pointer, limit, onChange }: RowProps) {
  const id = useId();
  const set = (field: string, value: unknown) => onChange({ ...limit, [field]: value });
  const customWindow = typeof limit.window === "number" || (limit.window !== undefined && !WINDOW_NAMES.includes(limit.window as never));
  const { errors } = useIssues();
  const invalid = (field: string) => (errors.some((e) => e.pointer === `${pointer}/${field}`) ? true : undefined);
  return (
    <div role="group" aria-label={`Limit ${index + 1}`} className="limit-row">
      <div className="mini-field">
        <label htmlFor={`${id}-counter`}>Counter</label>
        <input id={`${id}-counter`} list={COUNTER_LIST_ID} value={String(limit.counter ?? "")} aria-invalid={invalid("counter")}
          onChange={(e) => set("counter", e.target.value === "" ? undefined : e.target.value)} />
        <FieldMessage id={`${id}-counter-error`} pointer={`${pointer}/counter`} />
      </div>
      <div className="mini-field">
        <label htmlFor={`${id}-window`}>Window</label>
        <select id={`${id}-window`} value={customWindow ? "custom" : String(limit.window ?? "")} aria-invalid={invalid("window")}
          onChange={(e) => set("window", e.target.value === "custom" ? 60 : e.target.value)}>
          {limit.window === undefined ? <option value="">Choose…</option> : null}
          {WINDOW_NAMES.map((w) => <option key={w} value={w}>{`per ${w}`}</option>)}
          <option value="custom">seconds…</option>
        </select>
        <FieldMessage id={`${id}-window-error`} pointer={`${pointer}/window`} />
      </div>
      {customWindow ? (
        <div className="mini-field">
          <label htmlFor={`${id}-seconds`}>Window (seconds)</label>
          <input id={`${id}-seconds`} type="number" min={1} value={String(limit.window ?? "")} onChange={(e) => set("window", numberOrText(e.target.value))} />
        </div>
      ) : null}
      <div className="mini-field">
        <label htmlFor={`${id}-max`}>Max calls</label>
        <input id={`${id}-max`} type="number" min={0} value={limit.max === undefined ? "" : String(limit.max)} aria-invalid={invalid("max")}
          onChange={(e) => set("max", numberOrText(e.target.value))} />
        <FieldMessage id={`${id}-max-error`} pointer={`${pointer}/max`} />
      </div>
      <div className="mini-field">
        <label htmlFor={`${id}-scope`}>Scope</label>
        <select id={`${id}-scope`} value={String(limit.scope ?? "grant")} onChange={(e) => set("scope", e.target.value)}>
          {LIMIT_SCOPES.map((s) => <option key={s} value={s}>{SCOPE_LABELS[s]}</option>)}
        </select>
        <FieldMessage id={`${id}-scope-error`} pointer={`${pointer}/scope`} />
      </div>
      <button type="button" className="button small danger" onClick={() => onChange(undefined)}>
        Remove limit
      </button>
    </div>
  );
}
