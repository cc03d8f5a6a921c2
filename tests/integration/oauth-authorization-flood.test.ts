// Hostile tenant, app side: the OAuth authorization endpoint is public, and each request to it
// stores an Interaction record (kept 30 minutes) before anyone signs in. An attacker with one
// registered client floods it from one address; the records it can make are bounded by the
// per-address throttle (WARDEN_OAUTH_AUTHORIZATIONS_PER_IP), and another address's authorization
// still reaches the consent page.
import { createServer, type Server } from "node:http";
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { clearAttempts } from "@/lib/auth/throttle";
import { db } from "@/lib/db";
import { freePort } from "@/lib/db-bootstrap";
import oauthRoute from "@/pages/api/oauth/[...oidc]";

const freeAuthorizations = 20;
const appPort = await freePort();
const appUrl = `http://127.0.0.1:${appPort}`;
const gatewayUrl = "http://127.0.0.1:9";
process.env.APP_URL = appUrl;
process.env.GATEWAY_URL = gatewayUrl;
process.env.WARDEN_OAUTH_AUTHORIZATIONS_PER_IP = String(freeAuthorizations);

const attackerIp = `203.0.113.${appPort % 250}`;
const honestIp = `198.51.100.${appPort % 250}`;
let app: Server;
let clientId = "";

beforeAll(async () => {
  app = createServer((req, res) => void oauthRoute(req, res));
  await new Promise<void>((resolve) => app.listen(appPort, "127.0.0.1", resolve));
  const registered = await fetch(`${appUrl}/api/oauth/reg`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": attackerIp },
    body: JSON.stringify({ client_name: "flood", redirect_uris: ["http://127.0.0.1:9/callback"], token_endpoint_auth_method: "none", application_type: "native" }),
  });
  expect(registered.status).toBe(201);
  clientId = ((await registered.json()) as { client_id: string }).client_id;
});

afterAll(async () => {
  await new Promise<void>((resolve) => (app.closeAllConnections(), app.close(() => resolve())));
  await db.oauthRecord.deleteMany({ where: { model: { in: ["Interaction", "Session"] } } });
  for (const ip of [attackerIp, honestIp]) await clearAttempts(`oauth-authorization:ip:${ip}`);
});

function authorizationUrl(): string {
  const verifier = randomBytes(32).toString("base64url");
  const url = new URL(`${appUrl}/api/oauth/auth`);
  url.search = new URLSearchParams({
    client_id: clientId, response_type: "code", redirect_uri: "http://127.0.0.1:9/callback", scope: "mcp",
    code_challenge: createHash("sha256").update(verifier).digest("base64url"), code_challenge_method: "S256",
    resource: `${gatewayUrl}/mcp/srv_flood`, state: randomBytes(8).toString("hex"),
  }).toString();
  return url.toString();
}

const authorize = (ip: string) => fetch(authorizationUrl(), { redirect: "manual", headers: { "x-forwarded-for": ip } });
const interactions = () => db.oauthRecord.count({ where: { model: "Interaction" } });

describe("OAuth authorization endpoint flood", () => {
  test("one address's flood stores a bounded number of interactions; another address still reaches consent", async () => {
    const before = await interactions();
    const statuses: number[] = [];
    const flood = 200;
    for (let sent = 0; sent < flood; sent += 10) {
      const batch = await Promise.all(Array.from({ length: 10 }, () => authorize(attackerIp)));
      for (const response of batch) {
        statuses.push(response.status);
        if (response.status === 429) {
          expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
          expect(await response.text()).toContain(`more than ${freeAuthorizations} back to back`);
        } else await response.body?.cancel();
      }
    }
    const stored = (await interactions()) - before;
    console.log(`attacker: ${flood} authorization requests, ${statuses.filter((s) => s === 303).length} redirected to consent, ${stored} interactions stored`);
    // The free attempts, and the one that starts the delays (the throttle's rule), are admitted.
    expect(stored).toBeLessThanOrEqual(freeAuthorizations + 1);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(flood - freeAuthorizations - 1);

    const started = Date.now();
    const honest = await authorize(honestIp);
    console.log(`honest address: ${honest.status} in ${Date.now() - started} ms`);
    expect(honest.status).toBe(303);
    expect(honest.headers.get("location")).toMatch(/\/oauth\/consent\//);
  });
});
