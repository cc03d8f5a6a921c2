// DNS-rebinding protection: a web page must not be able to drive the gateway from a browser.
// The Host header must name this gateway (a loopback name or a configured host), and a request
// that carries an Origin (browsers always do) must come from a configured origin.
import type { IncomingHttpHeaders } from "node:http";

const loopbackNames = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

export type HostGuard = (headers: IncomingHttpHeaders) => string | null;

function hostnameOf(host: string): string {
  if (host.startsWith("[")) return host.slice(0, host.indexOf("]") + 1).toLowerCase();
  return host.replace(/:\d+$/, "").toLowerCase();
}

export function createHostGuard(options: { allowedHosts: string[]; allowedOrigins: string[] }): HostGuard {
  const hosts = new Set([...loopbackNames, ...options.allowedHosts.map((h) => h.toLowerCase())]);
  const origins = new Set(options.allowedOrigins.map((o) => o.toLowerCase().replace(/\/$/, "")));
  return (headers) => {
    const host = headers.host;
    if (!host || !hosts.has(hostnameOf(host))) return `Host "${host ?? ""}" is not served by this gateway (set GATEWAY_ALLOWED_HOSTS)`;
    const origin = headers.origin;
    if (origin !== undefined && origin !== "null" && !origins.has(origin.toLowerCase())) {
      return `Origin "${origin}" is not allowed (set GATEWAY_ALLOWED_ORIGINS)`;
    }
    if (origin === "null") return 'Origin "null" is not allowed';
    return null;
  };
}
