"use client";

// Everything one tool rule can say besides its action: reason, approval timeout, limits and
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

export function RuleDetails({ ruleKey, entry, args, onChange }: Props) {
  const id = useId();
  const pointer = toolPointerOf(ruleKey);
  const action = actionOf(entry);
  const goesAhead = action === "allow" || action === "require_approval";
  const timeout = isRecord(entry.approval) ? entry.approval.timeout : undefined;
  const reasonError = useFieldError(`${pointer}/reason`);
  const timeoutError = useFieldError(`${pointer}/approval/timeout`);
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
            onChange={(e) => {
              const value = durationValue(e.target.value);
              onChange(withField(entry, "approval", value === undefined ? undefined : { timeout: value }));
            }} />
          <p className="field-hint">Unanswered after this long, the call is refused: 30s, 10m, 2h, 1d.</p>
          <FieldMessage id={`${id}-timeout-error`} pointer={`${pointer}/approval/timeout`} />
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
