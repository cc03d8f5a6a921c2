// Where to go after signing in or up, from a `next` (or `callbackUrl`) query parameter. Only a
// path on this site is accepted: anything that a browser could read as another origin ("//evil",
// "/\evil", "https://…", control characters) is refused, so the parameter is never an open redirect.
const BASE = "http://warden.invalid";

const hasControlCharacter = (text: string) => [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

export function safeNextPath(value: unknown): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > 2000) return null;
  if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\") || hasControlCharacter(value)) return null;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}
