// Sending one delivery: a POST through the SSRF-guarded agents (every connection's address is
// checked at connect time, so a webhook cannot reach a private address unless the operator allows
// it), with one deadline for the whole exchange and at most a few KB of the answer read.
// Redirects are not followed: a 3xx is a failed attempt.
import http from "node:http";
import https from "node:https";
import { agentFor, type GuardedAgents } from "@/lib/net/guarded-agents";
import type { NetPolicy } from "@/lib/net/address-policy";
import { assertSafeUrl } from "@/lib/net/url-guard";

export type SendOutcome = { ok: boolean; statusCode: number | null; error: string | null; durationMs: number };

/** Bytes of the receiver's answer kept (for the log); the rest is not read. */
export const maxResponseBytes = 4 * 1024;

export function postWebhook(
  target: string,
  body: string,
  headers: Record<string, string>,
  options: { agents: GuardedAgents; policy: NetPolicy; timeoutMs: number },
): Promise<SendOutcome> {
  const started = Date.now();
  const done = (statusCode: number | null, error: string | null): SendOutcome => ({
    ok: statusCode !== null && statusCode >= 200 && statusCode < 300, statusCode, error, durationMs: Date.now() - started,
  });
  let url: URL;
  try {
    url = assertSafeUrl(target, options.policy);
  } catch (error) {
    return Promise.resolve(done(null, (error as Error).message));
  }
  return new Promise((resolve) => {
    const send = url.protocol === "https:" ? https.request : http.request;
    const request = send(url, {
      method: "POST",
      agent: agentFor(options.agents, url),
      headers: { ...headers, "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), "user-agent": "Warden-Webhooks/1" },
    }, (res) => {
      let kept = 0;
      res.on("data", (chunk: Buffer) => {
        kept += chunk.length;
        // Enough to know it answered; a receiver that streams more is cut off.
        if (kept > maxResponseBytes) res.destroy();
      });
      const finish = () => (clearTimeout(timer), resolve(done(res.statusCode ?? null, null)));
      res.on("end", finish);
      res.on("close", finish);
      res.on("error", finish);
    });
    const timer = setTimeout(() => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    request.on("error", (error) => (clearTimeout(timer), resolve(done(null, error.message.slice(0, 500)))));
    request.end(body);
  });
}

/**
 * Seconds before attempt `attempts + 1`: exponential from `baseMs`, capped at `maxMs`, with "equal
 * jitter" (half fixed, half random) so that deliveries failing together do not retry together.
 */
export function retryDelayMs(attempts: number, baseMs: number, maxMs = 3_600_000, random: () => number = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential / 2 + (exponential / 2) * random());
}
