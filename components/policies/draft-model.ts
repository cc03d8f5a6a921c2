// The builder's draft: a policy document that may be invalid while a person edits it. Every
// read is defensive (a pasted document can have any shape) and every write returns a new object
// with keys in the document's usual order, so the JSON tab reads like a hand-written policy.
import { escapePointerSegment } from "@/lib/policy/json-pointer";

export type Draft = Record<string, unknown>;
export type Entry = Record<string, unknown>;
export type LimitDraft = Record<string, unknown>;
export type ConditionDraft = Record<string, unknown>;
export type ConditionList = "when" | "deny_if";

export const DOC_ORDER = ["version", "default", "tools", "all_tools", "resources", "prompts"];
const ENTRY_ORDER = ["action", "reason", "approval", "when", "deny_if", "limits"];
const LIMIT_ORDER = ["counter", "window", "max", "scope"];
const CONDITION_ORDER = ["arg", "op", "value"];

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
export const asRecord = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {});
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Copies `object` with known keys first in `order`, others after; undefined values are dropped. */
export function ordered<T extends Record<string, unknown>>(object: T, order: readonly string[]): T {
  const out: Record<string, unknown> = {};
  for (const key of [...order, ...Object.keys(object)]) {
    if (key in out || object[key] === undefined) continue;
    if (Object.hasOwn(object, key)) out[key] = object[key];
  }
  return out as T;
}

export const toolPointerOf = (key: string) => `/tools/${escapePointerSegment(key)}`;

export function toolEntries(draft: Draft): [string, Entry][] {
  return Object.entries(asRecord(draft.tools)).map(([key, entry]) => [key, asRecord(entry)]);
}

export function entryOf(draft: Draft, key: string): Entry | undefined {
  const tools = asRecord(draft.tools);
  return Object.hasOwn(tools, key) ? asRecord(tools[key]) : undefined;
}

export const limitsOf = (holder: Record<string, unknown> | undefined): LimitDraft[] => asList(holder?.limits).map(asRecord);
export const conditionsOf = (entry: Entry | undefined, list: ConditionList): ConditionDraft[] => asList(entry?.[list]).map(asRecord);
export const allToolsOf = (draft: Draft): Record<string, unknown> | undefined => (isRecord(draft.all_tools) ? draft.all_tools : undefined);

/** The action a listed entry takes ("allow" when the entry does not say). */
export function actionOf(entry: Entry): string {
  return typeof entry.action === "string" ? entry.action : "allow";
}

export function withDefault(draft: Draft, value: "allow" | "deny"): Draft {
  return ordered({ ...draft, default: value }, DOC_ORDER);
}

/** Sets (or, with undefined, removes) one tool entry; an empty `tools` disappears. */
export function withEntry(draft: Draft, key: string, entry: Entry | undefined): Draft {
  const tools = { ...asRecord(draft.tools) };
  if (entry === undefined) delete tools[key];
  else tools[key] = ordered(entry, ENTRY_ORDER);
  return ordered({ ...draft, tools: Object.keys(tools).length > 0 ? tools : undefined }, DOC_ORDER);
}

export function updateEntry(draft: Draft, key: string, change: (entry: Entry) => Entry): Draft {
  return withEntry(draft, key, change(entryOf(draft, key) ?? {}));
}

/** Changing the action keeps what still applies: limits and conditions only where the call can go ahead. */
export function withAction(entry: Entry, action: string): Entry {
  const next: Entry = { ...entry, action: action === "allow" ? undefined : action };
  if (action !== "require_approval") next.approval = undefined;
  if (action === "require_approval" && !isRecord(entry.approval)) next.approval = { timeout: "10m" };
  if (action === "hide") next.reason = undefined;
  if (action === "deny" || action === "hide") {
    next.limits = undefined;
    next.when = undefined;
    next.deny_if = undefined;
  }
  return next;
}

export function withField(entry: Entry, field: string, value: unknown): Entry {
  return { ...entry, [field]: value };
}

export function withLimits(holder: Record<string, unknown>, limits: LimitDraft[]): Record<string, unknown> {
  return { ...holder, limits: limits.length > 0 ? limits.map((l) => ordered(l, LIMIT_ORDER)) : undefined };
}

export function withAllToolsLimits(draft: Draft, limits: LimitDraft[]): Draft {
  const next = limits.length > 0 ? { limits: limits.map((l) => ordered(l, LIMIT_ORDER)) } : undefined;
  return ordered({ ...draft, all_tools: next }, DOC_ORDER);
}

export function withConditions(entry: Entry, list: ConditionList, conditions: ConditionDraft[]): Entry {
  return { ...entry, [list]: conditions.length > 0 ? conditions.map((c) => ordered(c, CONDITION_ORDER)) : undefined };
}

export function replaceAt<T>(list: readonly T[], index: number, item: T | undefined): T[] {
  const next = [...list];
  if (item === undefined) next.splice(index, 1);
  else next[index] = item;
  return next;
}

/** A counter name derived from a tool or pattern, e.g. "set_experiment_tag_rate", "delete_rate". */
export function counterFor(key: string): string {
  const base = trimEnd(key.replace(/[*?]/g, "").replace(/[^A-Za-z0-9_.:-]/g, "_"), "_").slice(0, 59);
  return `${base || "calls"}_rate`;
}

/** Drops trailing `char`s in one pass; /_+$/ retries at every "_" of a long run and is quadratic. */
function trimEnd(text: string, char: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === char) end--;
  return text.slice(0, end);
}

export function newLimit(counter: string): LimitDraft {
  return { counter, window: "minute", max: 60, scope: "grant" };
}

/** Every counter name the draft uses, for the "shared counter" list and the simulator. */
export function countersOf(draft: Draft): string[] {
  const names = new Set<string>();
  const add = (limits: LimitDraft[]) => limits.forEach((l) => typeof l.counter === "string" && l.counter && names.add(l.counter));
  for (const [, entry] of toolEntries(draft)) add(limitsOf(entry));
  add(limitsOf(allToolsOf(draft)));
  for (const [section, key] of [["resources", "uris"], ["prompts", "names"]] as const) {
    for (const entry of Object.values(asRecord(asRecord(draft[section])[key]))) add(limitsOf(asRecord(entry)));
  }
  return [...names];
}

export const prettyJson = (value: unknown) => JSON.stringify(value, null, 2);
