// Upstream error text, as shown to people (a server's status, a field error): one short line.
// An upstream's answer is another party's text: it may be a whole HTML page, carry control or
// bidi characters, echo the request's credentials or a URL's query string. Only the first line
// is kept, credentials-looking parts are replaced, and the line is cut to `maxChars`.
const maxChars = 200;

const redactions: [RegExp, string][] = [
  [/<[^>]{0,200}>/g, " "], // HTML tags (an error page)
  [/\b(bearer|basic)\s+\S+/gi, "$1 [redacted]"],
  [/\b(token|apikey|api[-_]?key|authorization|password|secret)\b(\s*[:=]\s*|\s+)("[^"]*"|'[^']*'|\S+)/gi, "$1$2[redacted]"],
  [/([?&][^=&\s#]{1,64}=)[^&\s#]+/g, "$1[redacted]"], // query values
  [/\/\/[^/\s:@]+:[^/\s@]+@/g, "//[redacted]@"], // user:password@ in URLs
  [/\b[A-Za-z0-9_-]{32,}\b/g, "[redacted]"], // long token-like runs
];

// Control characters (C0, DEL, C1), zero-width marks and bidi overrides.
const invisible = (code: number) =>
  code < 0x20 || (code >= 0x7f && code <= 0x9f) || (code >= 0x200b && code <= 0x200f) || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);

export function upstreamErrorLine(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  const visible = [...raw].filter((c) => c === "\n" || !invisible(c.codePointAt(0) ?? 0)).join("");
  let line = visible.split("\n").map((l) => l.trim()).find(Boolean) ?? "";
  for (const [pattern, replacement] of redactions) line = line.replace(pattern, replacement);
  line = line.replace(/\s+/g, " ").trim();
  if (!line) return "The server gave no readable error";
  return line.length > maxChars ? `${line.slice(0, maxChars - 1)}…` : line;
}
