// The draft's `resources` and `prompts` sections: read defensively, written with keys in the
// document's usual order; an empty section disappears, so an untouched policy stays as it was.
import { accessRulePointer, type AccessSection } from "@/lib/policy/compile-access";
import { asRecord, DOC_ORDER, ordered, type Draft, type Entry } from "./draft-model";

export type { AccessSection };

const RULES_KEY = { resources: "uris", prompts: "names" } as const;
const ENTRY_ORDER = ["action", "reason", "limits"];

export const accessPointerOf = accessRulePointer;

export function accessDefaultOf(draft: Draft, section: AccessSection): "allow" | "deny" | undefined {
  const value = asRecord(draft[section]).default;
  return value === "allow" || value === "deny" ? value : undefined;
}

export function accessEntriesOf(draft: Draft, section: AccessSection): [string, Entry][] {
  return Object.entries(asRecord(asRecord(draft[section])[RULES_KEY[section]])).map(([key, entry]) => [key, asRecord(entry)]);
}

function withSection(draft: Draft, section: AccessSection, next: Record<string, unknown>): Draft {
  const body = ordered(next, ["default", RULES_KEY[section]]);
  return ordered({ ...draft, [section]: Object.keys(body).length > 0 ? body : undefined }, DOC_ORDER);
}

/** Sets the section's own default, or (undefined) lets the document's default decide. */
export function withAccessDefault(draft: Draft, section: AccessSection, value: "allow" | "deny" | undefined): Draft {
  return withSection(draft, section, { ...asRecord(draft[section]), default: value });
}

/** Sets (or, with undefined, removes) one entry of the section. */
export function withAccessEntry(draft: Draft, section: AccessSection, key: string, entry: Entry | undefined): Draft {
  const body = asRecord(draft[section]);
  const rules = { ...asRecord(body[RULES_KEY[section]]) };
  if (entry === undefined) delete rules[key];
  else rules[key] = ordered(entry, ENTRY_ORDER);
  return withSection(draft, section, { ...body, [RULES_KEY[section]]: Object.keys(rules).length > 0 ? rules : undefined });
}

/** Changing the action keeps what still applies: a reason unless hidden, limits only when allowed. */
export function withAccessAction(entry: Entry, action: string): Entry {
  return {
    ...entry,
    action: action === "allow" ? undefined : action,
    reason: action === "hide" ? undefined : entry.reason,
    limits: action === "allow" ? entry.limits : undefined,
  };
}
