// The checks an upstream URL passes before any connection: scheme, credentials in the URL, and
// literal IP hosts (which Node connects to without a DNS lookup, so the lookup guard never sees
// them). Names are checked again at connect time by the guarded lookup.
import { isIP } from "node:net";
import { forbiddenAddressReason, isForbiddenHostname, type NetPolicy } from "@/lib/net/address-policy";

export class UnsafeUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnsafeUrlError";
  }
}

/** Throws UnsafeUrlError when the URL may not be fetched under `policy`; returns it parsed. */
export function assertSafeUrl(input: string | URL, policy: NetPolicy): URL {
  let url: URL;
  try {
    url = new URL(String(input));
  } catch {
    throw new UnsafeUrlError(`"${String(input)}" is not a valid URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UnsafeUrlError(`The URL must start with http:// or https:// (got ${url.protocol})`);
  }
  if (url.username || url.password) throw new UnsafeUrlError("The URL must not contain a user name or password");
  if (policy.allowPrivate) return url;
  // WHATWG URL parsing already normalises 0x7f.1, 2130706433 and friends to 127.0.0.1.
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) {
    const reason = forbiddenAddressReason(host);
    if (reason) throw new UnsafeUrlError(`Refusing to connect to ${url.host}: ${reason}`);
  } else if (isForbiddenHostname(host)) {
    throw new UnsafeUrlError(`Refusing to connect to ${url.host}: the name is reserved for local or metadata services`);
  }
  return url;
}
