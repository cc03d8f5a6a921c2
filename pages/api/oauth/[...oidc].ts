// Mounts the authorization server (a Koa app that wants Node's req/res) on /api/oauth/*. The
// discovery documents at /.well-known/oauth-authorization-server and /openid-configuration are
// rewritten here (next.config.ts) and handed to oidc-provider under its own discovery path.
import type { IncomingMessage, ServerResponse } from "node:http";
import { clientIp } from "@/lib/auth/client-ip";
import { oauthAuthorizationIpRule, retryMessage, takeAttempt, throttleRules } from "@/lib/auth/throttle";
import { env } from "@/lib/env";
import { OAUTH_BASE, getProvider } from "@/lib/oauth/provider";

export const config = { api: { bodyParser: false, externalResolver: true } };

const discovery = /\/\.well-known\/(?:openid-configuration|oauth-authorization-server)(?:\?|$)/;

export default async function handler(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if ((await registrationRefused(req, res)) || (await authorizationRefused(req, res))) return;
  const provider = await getProvider();
  if (discovery.test(req.url ?? "")) req.url = "/.well-known/openid-configuration";
  await provider.callback()(req, res);
}

/** Dynamic client registration stores a row per client: per client address it is throttled. */
async function registrationRefused(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (req.method !== "POST" || (req.url ?? "").split("?")[0] !== `${OAUTH_BASE}/reg`) return false;
  const outcome = await takeAttempt(`oauth-registration:ip:${clientIp(req.headers)}`, throttleRules.oauthRegistrationIp);
  if (outcome.ok) return false;
  res.writeHead(429, { "content-type": "application/json", "retry-after": String(outcome.retryAfterSeconds) });
  res.end(JSON.stringify({ error: "invalid_request", error_description: retryMessage("client registrations from this address", outcome.retryAfterSeconds) }));
  return true;
}

/**
 * Each authorization request stores an interaction (kept 30 minutes) before anyone signs in: per
 * client address they are throttled. The resume after consent (/auth/{uid}) is not counted.
 */
async function authorizationRefused(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if ((req.url ?? "").split("?")[0] !== `${OAUTH_BASE}/auth`) return false;
  const outcome = await takeAttempt(`oauth-authorization:ip:${clientIp(req.headers)}`, oauthAuthorizationIpRule());
  if (outcome.ok) return false;
  const message = retryMessage(`authorization requests from this address (more than ${env().WARDEN_OAUTH_AUTHORIZATIONS_PER_IP} back to back)`, outcome.retryAfterSeconds);
  res.writeHead(429, { "content-type": "text/html; charset=utf-8", "retry-after": String(outcome.retryAfterSeconds) });
  res.end(`<!doctype html><meta charset="utf-8"><title>Authorization failed</title><h1>Authorization failed</h1><p>${message}</p>`);
  return true;
}
