"use client";

// Everything one tool rule can say besides its action: reason, approval timeout and mode, limits and
// argument conditions. Parts that can never apply to the action are not offered.
import { useId } from "react";
import { ConditionsEditor } from "./conditions-editor";
import { actionOf, conditionsOf, counterFor, isRecord, limitsOf, toolPointerOf, withConditions, withField, withLimits, type Entry } from "./draft-model";
import { FieldMessage, RuleIssues, useFieldError } from "./issues-context";
import { LimitsEditor } from "./limits-editor";
import type { ArgSpec } from "./schema-args";

type Props = { ruleKey: string; entry: Entry; args: ArgSpec[]; onChange(entry: Entry): void };

function durationValue(text: string): string | number | undefined {
  if (text.trim() === "") return undefined;
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : text.trim();
}

const MODE_LABELS = {
  auto: "Auto: wait if the client reports progress, else answer at once",
  hold: "Hold the request open until a person decides",
  retry: "Answer at once; the agent retries after approval",
} as const;

/** The approval object with one field changed; without a timeout (which the schema requires) there is none. */
function withApproval(entry: Entry, patch: { timeout?: string | number; mode?: string; allow_identical_for?: string | number }): Entry {
  const current = isRecord(entry.approval) ? entry.approval : {};
  const next: Record<string, unknown> = { ...current, ...patch };
  if (next.mode === "auto" || next.mode === undefined) delete next.mode;
  if (next.allow_identical_for === undefined) delete next.allow_identical_for;
  if (next.timeout === undefined) {
    const { timeout: _unset, ...rest } = next;
    return withField(entry, "approval", Object.keys(rest).length > 0 ? { timeout: "10m", ...rest } : undefined);
  }
  return withField(entry, "approval", next);
}

export function RuleDetails({ ruleKey, entry, args, onChange }: Props) {
  const id = useId();
  const pointer = toolPointerOf(ruleKey);
  const action = actionOf(entry);
  const goesAhead = action === "allow" || action === "require_approval";
  const timeout = isRecord(entry.approval) ? entry.approval.timeout : undefined;
  const mode = isRecord(entry.approval) && typeof entry.approval.mode === "string" ? entry.approval.mode : "auto";
  const reasonError = useFieldError(`${pointer}/reason`);
  const timeoutError = useFieldError(`${pointer}/approval/timeout`);
  const standing = isRecord(entry.approval) ? entry.approval.allow_identical_for : undefined;
  const standingError = useFieldError(`${pointer}/approval/allow_identical_for`);
  return (
    <fieldset className="rule">
      <legend>Rule for {ruleKey}</legend>
      {action !== "hide" ? (
        <div className="mini-field wide">
          <label htmlFor={`${id}-reason`}>Reason told to the agent when refused</label>
          <input id={`${id}-reason`} value={typeof entry.reason === "string" ? entry.reason : ""} aria-invalid={reasonError ? true : undefined}
            placeholder={action === "deny" ? "This tool is denied by policy." : "Optional"}
            onChange={(e) => onChange(withField(entry, "reason", e.target.value === "" ? undefined : e.target.value))} />
          <FieldMessage id={`${id}-reason-error`} pointer={`${pointer}/reason`} />
        </div>
      ) : null}
      {action === "require_approval" ? (
        <div className="mini-field">
          <label htmlFor={`${id}-timeout`}>Approval timeout</label>
          <input id={`${id}-timeout`} value={timeout === undefined ? "" : String(timeout)} placeholder="10m" aria-invalid={timeoutError ? true : undefined}
            onChange={(e) => onChange(withApproval(entry, { timeout: durationValue(e.target.value) }))} />
          <p className="field-hint">Unanswered after this long, the call is refused: 30s, 10m, 2h, 1d.</p>
          <FieldMessage id={`${id}-timeout-error`} pointer={`${pointer}/approval/timeout`} />
        </div>
      ) : null}
      {action === "require_approval" ? (
        <div className="mini-field wide">
          <label htmlFor={`${id}-mode`}>How the agent waits for approval</label>
          <select id={`${id}-mode`} value={mode} onChange={(e) => onChange(withApproval(entry, { mode: e.target.value }))}>
            {Object.entries(MODE_LABELS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
          <FieldMessage id={`${id}-mode-error`} pointer={`${pointer}/approval/mode`} />
        </div>
      ) : null}
      {action === "require_approval" ? (
        <div className="mini-field">
          <label htmlFor={`${id}-standing`}>Approver may allow identical calls for</label>
          <input id={`${id}-standing`} value={standing === undefined ? "" : String(standing)} placeholder="Not allowed" aria-invalid={standingError ? true : undefined}
            onChange={(e) => onChange(withApproval(entry, { allow_identical_for: durationValue(e.target.value) }))} />
          <p className="field-hint">Empty: every call is approved on its own. Else at most this long, e.g. 30m: the same grant, tool and arguments pass without asking again.</p>
          <FieldMessage id={`${id}-standing-error`} pointer={`${pointer}/approval/allow_identical_for`} />
        </div>
      ) : null}
      {goesAhead ? (
        <>
          <LimitsEditor pointer={pointer} limits={limitsOf(entry)} defaultCounter={counterFor(ruleKey)}
            onChange={(limits) => onChange(withLimits(entry, limits))} />
          <ConditionsEditor pointer={pointer} list="when" conditions={conditionsOf(entry, "when")} args={args}
            onChange={(next) => onChange(withConditions(entry, "when", next))} />
          <ConditionsEditor pointer={pointer} list="deny_if" conditions={conditionsOf(entry, "deny_if")} args={args}
            onChange={(next) => onChange(withConditions(entry, "deny_if", next))} />
        </>
      ) : null}
      <RuleIssues pointer={pointer} />
    </fieldset>
  );
}
