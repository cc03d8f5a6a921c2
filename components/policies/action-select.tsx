"use client";

import { TOOL_ACTIONS } from "@/lib/schemas/policy";

export const ACTION_LABELS: Record<string, string> = { allow: "Allow", deny: "Deny", hide: "Hide", require_approval: "Require approval" };

type Props = {
  ruleKey: string;
  /** The entry's action, or null when the policy does not name the tool. */
  action: string | null;
  /** Offer "not named" (tools of the catalog) with what the default then does. */
  unsetLabel?: string;
  invalid?: boolean;
  /** The actions offered: every tool action unless told (resources and prompts have no approval). */
  actions?: readonly string[];
  onChange(action: string | null): void;
};

/** The action of one tool or pattern; its label names the tool so each select is findable. */
export function ActionSelect({ ruleKey, action, unsetLabel, invalid, actions = TOOL_ACTIONS, onChange }: Props) {
  const known = action === null || actions.includes(action);
  return (
    <select aria-label={`Action for ${ruleKey}`} className="action-select" value={action ?? ""} aria-invalid={invalid || undefined}
      onChange={(e) => onChange(e.target.value === "" ? null : e.target.value)}>
      {unsetLabel ? <option value="">{unsetLabel}</option> : null}
      {actions.map((a) => <option key={a} value={a}>{ACTION_LABELS[a]}</option>)}
      {known ? null : <option value={action}>{action} (unknown)</option>}
    </select>
  );
}
