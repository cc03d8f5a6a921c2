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

// The forms a signed-in person is sent away from: a `next` naming one would send them round in a loop.
const SIGNED_OUT_PAGES = new Set(["/sign-in", "/sign-up"]);

/**
 * Where a person who is already signed in goes from the sign-in or sign-up page: the first safe
 * `next` among the candidates that is neither the front door nor one of those pages, or null
 * (then their dashboard).
 */
export function onwardNextPath(candidates: unknown[]): string | null {
  for (const candidate of candidates) {
    const path = safeNextPath(candidate);
    if (path === null) continue;
    const pathname = new URL(path, BASE).pathname.replace(/\/+$/, "") || "/";
    if (pathname !== "/" && !SIGNED_OUT_PAGES.has(pathname)) return path;
  }
  return null;
}
