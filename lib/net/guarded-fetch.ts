// A fetch() over node:http with the SSRF guard: every hop (the first URL and each redirect) is
// checked before connecting and every connection's address at connect time. Used where a library
// wants a fetch (the SDK's SSE client); the gateway's hot path uses node:http directly.
import http from "node:http";
import https from "node:https";
import { Readable } from "node:stream";
import type { NetPolicy } from "@/lib/net/address-policy";
import { agentFor, type GuardedAgents } from "@/lib/net/guarded-agents";
import { assertSafeUrl } from "@/lib/net/url-guard";

const maxRedirects = 5;
// Headers that may follow a redirect to another origin; credentials stay with the origin they were meant for.
const crossOriginSafeHeaders = new Set(["accept", "content-type", "user-agent", "mcp-protocol-version"]);

export type GuardedFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export function createGuardedFetch(policy: NetPolicy, agents: GuardedAgents): GuardedFetch {
  return async (input, init = {}) => {
    let url = assertSafeUrl(input instanceof Request ? input.url : input, policy);
    let method = (init.method ?? "GET").toUpperCase();
    let body = init.body === undefined || init.body === null ? undefined : await bodyBytes(init.body);
    let headers = new Headers(init.headers);
    for (let hop = 0; ; hop++) {
      const response = await requestOnce(url, { method, headers, body, signal: init.signal ?? undefined }, agents);
      const location = response.headers.get("location");
      if (response.status < 300 || response.status > 399 || !location || init.redirect === "manual") return response;
      await response.body?.cancel();
      if (init.redirect === "error" || hop >= maxRedirects) throw new TypeError(`Too many or forbidden redirects from ${url.origin}`);
      const next = assertSafeUrl(new URL(location, url), policy);
      if (next.origin !== url.origin) headers = keepOnly(headers, crossOriginSafeHeaders);
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === "POST")) {
        method = "GET";
        body = undefined;
      }
      url = next;
    }
  };
}

function keepOnly(headers: Headers, names: Set<string>): Headers {
  const kept = new Headers();
  headers.forEach((value, name) => names.has(name) && kept.set(name, value));
  return kept;
}

async function bodyBytes(body: BodyInit): Promise<Buffer> {
  if (typeof body === "string") return Buffer.from(body, "utf8");
  return Buffer.from(await new Response(body).arrayBuffer());
}

type Once = { method: string; headers: Headers; body: Buffer | undefined; signal: AbortSignal | undefined };

function requestOnce(url: URL, options: Once, agents: GuardedAgents): Promise<Response> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    options.headers.forEach((value, name) => (headers[name] = value));
    if (options.body) headers["content-length"] = String(options.body.length);
    const send = url.protocol === "https:" ? https.request : http.request;
    const request = send(url, { method: options.method, headers, agent: agentFor(agents, url), signal: options.signal }, (res) => {
      const responseHeaders = new Headers();
      for (const [name, value] of Object.entries(res.headers)) {
        if (value !== undefined) for (const v of Array.isArray(value) ? value : [value]) responseHeaders.append(name, v);
      }
      const empty = options.method === "HEAD" || res.statusCode === 204 || res.statusCode === 304;
      const stream = empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
      if (empty) res.resume();
      resolve(new Response(stream, { status: res.statusCode ?? 502, statusText: res.statusMessage, headers: responseHeaders }));
    });
    request.on("error", reject);
    request.end(options.body);
  });
}
