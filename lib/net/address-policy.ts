// Which network addresses an upstream may live at. Everything that is not ordinary public
// unicast is refused: loopback, private, link-local (cloud metadata at 169.254.169.254),
// carrier-grade NAT (Alibaba metadata at 100.100.100.200), multicast, unspecified, reserved, and
// IPv6 forms that embed an IPv4 address (mapped, NAT64, 6to4, Teredo) so no spelling slips by.
import ipaddr from "ipaddr.js";

export type NetPolicy = {
  /** Lets upstreams on private networks through (local development, tests, on-premises MCP servers). */
  allowPrivate: boolean;
};

/** WARDEN_ALLOW_PRIVATE_UPSTREAMS=1 (or true) allows private upstreams; anything else refuses them. */
export function netPolicyFromEnv(environment: NodeJS.ProcessEnv = process.env): NetPolicy {
  const flag = environment.WARDEN_ALLOW_PRIVATE_UPSTREAMS;
  return { allowPrivate: flag === "1" || flag === "true" };
}

// Names that must never be fetched whatever they resolve to.
const forbiddenNames = [/^localhost$/i, /\.localhost$/i, /^metadata$/i, /^metadata\.google\.internal$/i, /\.internal$/i];

export function isForbiddenHostname(hostname: string): boolean {
  const name = hostname.replace(/\.$/, "");
  return forbiddenNames.some((pattern) => pattern.test(name));
}

/**
 * Why `address` (an IP literal, any spelling ipaddr.js accepts) is refused, or null when it is
 * public unicast. Text that is not an IP address at all is refused too.
 */
export function forbiddenAddressReason(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (!ipaddr.isValid(bare)) return `"${address}" is not an IP address`;
  // process() turns ::ffff:127.0.0.1 into 127.0.0.1, so the IPv4 ranges apply to it.
  const parsed = ipaddr.process(bare);
  const range = parsed.range();
  return range === "unicast" ? null : `${parsed.toString()} is a ${range} address`;
}
