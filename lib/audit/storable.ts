// Makes an audit row storable whatever its strings hold. Postgres refuses NUL in text and
// "\u0000" in jsonb, and jsonb refuses lone surrogates ("\ud800"); any of them in one row used to
// fail the whole batch. Such a string is escaped, visibly and reversibly: "\" becomes "\\", NUL
// becomes the six characters \u0000 and a lone surrogate \ud800 (the row's detail lists the
// field under "escaped", so a reader knows to unescape it). Over-long strings are cut, ending in
// "…", and listed under "truncated". The result is what is stored and hashed.
/** Columns with a btree index: an index entry must stay under ~2.7 KB, so at most 512 UTF-16 units (≤ 1.5 KB). */
export const SHORT_TEXT_MAX = 512;
/** Reasons, request ids and every string in detail. */
export const LONG_TEXT_MAX = 8_192;
/** Deeper detail is replaced by a note (jsonb and the canonical JSON both recurse). */
export const DETAIL_DEPTH_MAX = 32;
/** At most this many field paths are listed under "escaped" or "truncated". */
const MARKS_MAX = 100;

/** Where a row's strings were changed to be stored: field paths such as "requestId" or "detail.explanation". */
export type StorageMarks = { escaped: string[]; truncated: string[] };

const SHORT_FIELDS = ["orgId", "kind", "serverId", "grantId", "actorUserId", "method", "tool", "decision", "ruleId", "policyId", "argsHash", "upstreamOutcome", "eventId"] as const;
const LONG_FIELDS = ["reason", "requestId"] as const;

// Without the u flag a regex sees UTF-16 units: a surrogate not part of a pair, NUL, or "\".
const UNSTORABLE = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const TO_ESCAPE = /\\|\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** False for text Postgres refuses in text or jsonb: NUL, or a surrogate that is not part of a pair. */
export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

const escapeUnit = (unit: string) => (unit === "\\" ? "\\\\" : `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`);

function mark(list: string[], path: string): void {
  if (list.length < MARKS_MAX) list.push(path.length > SHORT_TEXT_MAX ? cut(path, SHORT_TEXT_MAX, false) : path);
  else if (list.length === MARKS_MAX) list.push("…");
}

/** The first `max` - 1 UTF-16 units of `text` and "…", never splitting a surrogate pair or an escape. */
function cut(text: string, max: number, escaped: boolean): string {
  let out = "";
  for (const char of text) {
    const piece = escaped ? char.replace(TO_ESCAPE, escapeUnit) : char;
    if (out.length + piece.length > max - 1) break;
    out += piece;
  }
  return `${out}…`;
}

/** `text` as Postgres text and jsonb accept it, at most `max` UTF-16 units long; changes are marked at `path`. */
export function storableText(text: string, max: number, path: string, marks: StorageMarks): string {
  const long = text.length > max;
  // Only what can be kept is looked at (escaping never shortens, so a long text is cut anyway):
  // a megabyte of NULs costs no more than a few kilobytes.
  let kept = long ? text.slice(0, max) : text;
  if (long && /[\ud800-\udbff]$/.test(kept)) kept = kept.slice(0, -1);
  const unstorable = UNSTORABLE.test(kept);
  if (!unstorable && !long) return text;
  if (unstorable) mark(marks.escaped, path);
  if (!long) {
    const escaped = text.replace(TO_ESCAPE, escapeUnit);
    if (escaped.length <= max) return escaped;
  }
  mark(marks.truncated, path);
  return cut(text, max, unstorable);
}

type Walk = { marks: StorageMarks; ancestors: Set<object> };

function storableObject(value: Record<string, unknown>, path: string, depth: number, walk: Walk): Record<string, unknown> {
  const entries = new Map<string, unknown>();
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined || typeof item === "function" || typeof item === "symbol") continue;
    const keyMarks: StorageMarks = { escaped: [], truncated: [] };
    let name = storableText(key, SHORT_TEXT_MAX, "", keyMarks);
    if (keyMarks.escaped.length > 0) mark(walk.marks.escaped, `${path}.${name}`);
    if (keyMarks.truncated.length > 0) mark(walk.marks.truncated, `${path}.${name}`);
    // Two keys may escape to one ("\u0000" and "\\u0000"): keep both, numbered.
    for (let n = 2; entries.has(name); n++) name = `${name} (${n})`;
    entries.set(name, storableJson(item, `${path}.${name}`, depth + 1, walk));
  }
  // fromEntries defines "__proto__" as an own key instead of setting the prototype.
  return Object.fromEntries(entries);
}

/** A JSON value that jsonb stores and gives back unchanged (as JSON.parse(JSON.stringify(value)), made storable). */
function storableJson(value: unknown, path: string, depth: number, walk: Walk): unknown {
  if (value === null || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value + 0 : null;
  if (typeof value === "string") return storableText(value, LONG_TEXT_MAX, path, walk.marks);
  if (typeof value === "bigint") return value.toString();
  if (typeof value !== "object") return null;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function") return storableJson(toJSON.call(value), path, depth, walk);
  if (depth > DETAIL_DEPTH_MAX || walk.ancestors.has(value)) {
    mark(walk.marks.truncated, path);
    return depth > DETAIL_DEPTH_MAX ? `[nested deeper than ${DETAIL_DEPTH_MAX} levels]` : "[circular]";
  }
  walk.ancestors.add(value);
  const result = Array.isArray(value)
    ? value.map((item, i) => (item === undefined || typeof item === "function" || typeof item === "symbol" ? null : storableJson(item, `${path}.${i}`, depth + 1, walk)))
    : storableObject(value as Record<string, unknown>, path, depth, walk);
  walk.ancestors.delete(value);
  return result;
}

/** The detail as stored: made storable, with the row's marks under "escaped" / "truncated" (keys reserved for this). */
function storableDetail(detail: unknown, marks: StorageMarks): unknown {
  const stored = detail == null ? null : storableJson(detail, "detail", 1, { marks, ancestors: new Set() });
  if (marks.escaped.length === 0 && marks.truncated.length === 0) return stored;
  const base = stored === null ? {} : typeof stored === "object" && !Array.isArray(stored) ? stored : { value: stored };
  return {
    ...base,
    ...(marks.escaped.length > 0 ? { escaped: marks.escaped } : {}),
    ...(marks.truncated.length > 0 ? { truncated: marks.truncated } : {}),
  };
}

type TextField = (typeof SHORT_FIELDS)[number] | (typeof LONG_FIELDS)[number];
type AuditRowLike = { [field in TextField]?: string | null } & { detail?: unknown };

/**
 * The row (an event or its chained form) with every string storable and its changes marked in
 * detail. Idempotent: a stored row passes through unchanged, so the gateway can bound what it
 * buffers with it and the chain still hashes the same values.
 */
export function storableRow<Row extends AuditRowLike>(row: Row): Row {
  const marks: StorageMarks = { escaped: [], truncated: [] };
  // Copied only once something changes: the common row (short, storable texts, no detail) is returned as it is.
  let stored: Record<string, unknown> | undefined;
  const keep = (field: string, value: unknown, original: unknown) => {
    if (value === original) return;
    stored ??= { ...row } as Record<string, unknown>;
    stored[field] = value;
  };
  for (const field of SHORT_FIELDS) if (typeof row[field] === "string") keep(field, storableText(row[field], SHORT_TEXT_MAX, field, marks), row[field]);
  for (const field of LONG_FIELDS) if (typeof row[field] === "string") keep(field, storableText(row[field], LONG_TEXT_MAX, field, marks), row[field]);
  if ("detail" in row) keep("detail", storableDetail(row.detail, marks), row.detail);
  else if (marks.escaped.length > 0 || marks.truncated.length > 0) keep("detail", storableDetail(null, marks), undefined);
  return (stored ?? row) as Row;
}

/** `text` as storableRow would store it in a column of `max` units (for looking a stored value up). */
export function storedText(text: string, max = SHORT_TEXT_MAX): string {
  return storableText(text, max, "", { escaped: [], truncated: [] });
}
