// Mounts the authorization server (a Koa app that wants Node's req/res) on /api/oauth/*. The
// discovery documents at /.well-known/oauth-authorization-server and /openid-configuration are
// rewritten here (next.config.ts) and handed to oidc-provider under its own discovery path.
import type { IncomingMessage, ServerResponse } from "node:http";
import { clientIp } from "@/lib/auth/client-ip";
import { retryMessage, takeAttempt, throttleRules } from "@/lib/auth/throttle";
import { OAUTH_BASE, getProvider } from "@/lib/oauth/provider";

export const config = { api: { bodyParser: false, externalResolver: true } };

const discovery = /\/\.well-known\/(?:openid-configuration|oauth-authorization-server)(?:\?|$)/;

export default async function handler(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (await registrationRefused(req, res)) return;
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
