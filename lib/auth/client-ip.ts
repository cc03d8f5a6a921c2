// The client address a throttle counts. `next start` fills X-Forwarded-For with the socket address
// only when the request has none, and a proxy in front appends the address it saw, so the LAST
// entry is the nearest hop's word. Without a proxy a client can write that header itself and pick
// a fresh address per request: the per-IP throttle then only slows honest clients, and the
// per-account throttle (which does not depend on the address) is what stops password guessing.
type HeaderSource = { get(name: string): string | null } | Record<string, string | string[] | undefined> | undefined;

function header(source: HeaderSource, name: string): string | undefined {
  if (!source) return undefined;
  if (typeof (source as { get?: unknown }).get === "function") return (source as { get(n: string): string | null }).get(name) ?? undefined;
  const value = (source as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value.at(-1) : value;
}

export function clientIp(headers: HeaderSource): string {
  const forwarded = header(headers, "x-forwarded-for");
  const last = forwarded?.split(",").at(-1)?.trim();
  if (last) return last.replace(/^::ffff:/, "").slice(0, 64);
  return header(headers, "x-real-ip")?.trim().slice(0, 64) || "unknown";
}

/** The User-Agent header, cut short (it only tells devices apart for sign-in notices). */
export function userAgentOf(headers: HeaderSource): string {
  return header(headers, "user-agent")?.slice(0, 512) ?? "";
}

/** The client address of the request a server action or page is handling ("local" outside one, e.g. a script). */
export async function requestClientIp(): Promise<string> {
  const { headers } = await import("next/headers");
  try {
    return clientIp(await headers());
  } catch {
    return "local";
  }
}
