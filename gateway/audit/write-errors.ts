// Tells a batch the database refused because of what one of its rows holds (split it and store
// that row in a safe form) from a database that cannot take any row right now (keep every row
// and retry with back-off: the gateway refuses calls before the buffer fills).
const ROW_LEVEL_CLASSES = new Set([
  "22", // data exception: NUL in text, bad escape or surrogate in jsonb, a number out of range
  "23", // integrity constraint violation: e.g. the organization was deleted while its rows waited
  "54", // program limit exceeded: e.g. an index entry or a value too large
]);

/** The five-character SQLSTATE of a database error, or null for anything else (a lost connection, a timeout). */
export function sqlState(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

/** True when the database answered that it refuses the data, not that it is unreachable or busy. */
export function isRowLevelError(error: unknown): boolean {
  const code = sqlState(error);
  return code !== null && ROW_LEVEL_CLASSES.has(code.slice(0, 2));
}
