// Upstream URLs whose query string carries a key (https://x/mcp?api_key=…) are secrets: the value
// of every such parameter is masked wherever the URL is shown, and the whole URL is stored only
// encrypted (lib/data/server-url.ts). Pure string work on the raw query, so everything that is not
// a secret stays byte for byte as the person typed it.

export const urlSecretMask = "•••";

// Compared without case, "-" and "_": api_key, API-Key, apikey, x-api-key, access_token, sig, ...
const secretWords = ["key", "token", "secret", "sig", "auth", "pass", "pwd", "cred", "session", "jwt", "bearer", "code"];

export function isSecretParamName(name: string): boolean {
  const normalized = name.toLowerCase().replace(/[-_.\s]/g, "");
  return secretWords.some((word) => normalized.includes(word));
}

type QueryPart = { name: string; raw: string; value: string };

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}

/** The URL cut at its query: before "?", the parts of the query, and the fragment. */
function split(url: string): { head: string; parts: QueryPart[]; fragment: string } {
  const hashAt = url.indexOf("#");
  const fragment = hashAt >= 0 ? url.slice(hashAt) : "";
  const beforeHash = hashAt >= 0 ? url.slice(0, hashAt) : url;
  const queryAt = beforeHash.indexOf("?");
  if (queryAt < 0) return { head: beforeHash, parts: [], fragment };
  const parts = beforeHash.slice(queryAt + 1).split("&").map((raw) => {
    const eq = raw.indexOf("=");
    return { raw, name: decode(eq >= 0 ? raw.slice(0, eq) : raw), value: decode(eq >= 0 ? raw.slice(eq + 1) : "") };
  });
  return { head: beforeHash.slice(0, queryAt), parts, fragment };
}

function join(head: string, parts: string[], fragment: string): string {
  return `${head}${parts.length ? `?${parts.join("&")}` : ""}${fragment}`;
}

const rawName = (raw: string) => (raw.includes("=") ? raw.slice(0, raw.indexOf("=")) : raw);

/** True when some query parameter of the URL carries a key (with a value). */
export function hasUrlSecret(url: string): boolean {
  return split(url).parts.some((p) => p.value !== "" && isSecretParamName(p.name));
}

/** The URL as people see it: each secret parameter's value replaced by •••. */
export function maskUrl(url: string): string {
  const { head, parts, fragment } = split(url);
  return join(head, parts.map((p) => (p.value !== "" && isSecretParamName(p.name) ? `${rawName(p.raw)}=${urlSecretMask}` : p.raw)), fragment);
}

/**
 * An edited URL where a secret parameter still reads ••• keeps the current value of the parameter
 * of that name: editing the host or the path does not make a person type the key again.
 */
export function restoreMaskedSecrets(submitted: string, current: string | null): string {
  const currentValues = new Map(current ? split(current).parts.filter((p) => isSecretParamName(p.name)).map((p) => [p.name, p.raw] as const) : []);
  const { head, parts, fragment } = split(submitted);
  return join(head, parts.map((p) => (p.value === urlSecretMask && currentValues.has(p.name) ? currentValues.get(p.name)! : p.raw)), fragment);
}
