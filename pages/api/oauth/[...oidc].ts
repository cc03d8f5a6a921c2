// Mounts the authorization server (a Koa app that wants Node's req/res) on /api/oauth/*. The
// discovery documents at /.well-known/oauth-authorization-server and /openid-configuration are
// rewritten here (next.config.ts) and handed to oidc-provider under its own discovery path.
import type { IncomingMessage, ServerResponse } from "node:http";
import { getProvider } from "@/lib/oauth/provider";

export const config = { api: { bodyParser: false, externalResolver: true } };

const discovery = /\/\.well-known\/(?:openid-configuration|oauth-authorization-server)(?:\?|$)/;

export default async function handler(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const provider = await getProvider();
  if (discovery.test(req.url ?? "")) req.url = "/.well-known/openid-configuration";
  await provider.callback()(req, res);
}
