// DNS-rebinding protection: a web page must not be able to drive the gateway from a browser.
// The Host header must name this gateway (a loopback name or a configured host), and a request
// that carries an Origin (browsers always do) must come from a configured origin or from the
// gateway's own origin. Loopback names are one machine: a configured http://localhost:3100 also
// admits http://127.0.0.1:3100 and http://[::1]:3100.
import type { IncomingHttpHeaders } from "node:http";

const loopbackNames = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);
const loopbackOriginNames = ["localhost", "127.0.0.1", "[::1]"];

export type HostGuard = (headers: IncomingHttpHeaders) => string | null;

function hostnameOf(host: string): string {
  if (host.startsWith("[")) return host.slice(0, host.indexOf("]") + 1).toLowerCase();
  return host.replace(/:\d+$/, "").toLowerCase();
}

function portOf(host: string): string {
  return /:(\d+)$/.exec(host.startsWith("[") ? host.slice(host.indexOf("]") + 1) : host)?.[1] ?? "";
}

function parseOrigin(origin: string): URL | null {
  try {
    const url = new URL(origin);
    return url.protocol === "http:" || url.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

/** The configured origins, with every loopback origin also under the other loopback names. */
function allowedOriginSet(configured: readonly string[]): Set<string> {
  const origins = new Set<string>();
  for (const entry of configured) {
    const url = parseOrigin(entry.trim());
    if (!url) {
      origins.add(entry.toLowerCase().replace(/\/$/, ""));
      continue;
    }
    origins.add(url.origin);
    if (!loopbackNames.has(url.hostname)) continue;
    for (const name of loopbackOriginNames) origins.add(`${url.protocol}//${name}${url.port ? `:${url.port}` : ""}`);
  }
  return origins;
}

/**
 * The gateway's own origin: a loopback origin on the port the request was sent to (its Host).
 * Only the process listening on that port can serve a page there, and the gateway serves none.
 */
function isOwnLoopbackOrigin(url: URL, host: string): boolean {
  const defaultPort = url.protocol === "https:" ? "443" : "80";
  return loopbackNames.has(url.hostname) && loopbackNames.has(hostnameOf(host)) && (url.port || defaultPort) === (portOf(host) || defaultPort);
}

export function createHostGuard(options: { allowedHosts: string[]; allowedOrigins: string[] }): HostGuard {
  const hosts = new Set([...loopbackNames, ...options.allowedHosts.map((h) => h.toLowerCase())]);
  const origins = allowedOriginSet(options.allowedOrigins);
  const check = (host: string | undefined, origin: string | undefined): string | null => {
    if (!host || !hosts.has(hostnameOf(host))) return `Host "${host ?? ""}" is not served by this gateway (set GATEWAY_ALLOWED_HOSTS)`;
    if (origin === undefined) return null;
    if (origin === "null") return 'Origin "null" is not allowed';
    const url = parseOrigin(origin);
    if (url ? origins.has(url.origin) || isOwnLoopbackOrigin(url, host) : origins.has(origin.toLowerCase())) return null;
    return `Origin "${origin}" is not allowed (set GATEWAY_ALLOWED_ORIGINS)`;
  };
  // An agent sends the same Host (and Origin) with every request: the verdict is remembered for a
  // few short pairs, so the common case is one map lookup. Bounded: 256 keys of ≤ 512 characters.
  const verdicts = new Map<string, string | null>();
  return (headers) => {
    const { host, origin } = headers;
    const key = `${host ?? ""}\n${origin === undefined ? "-" : `+${origin}`}`;
    const known = verdicts.get(key);
    if (known !== undefined) return known;
    const verdict = check(host, origin);
    if (key.length > 512) return verdict;
    if (verdicts.size >= 256) verdicts.clear();
    verdicts.set(key, verdict);
    return verdict;
  };
}
