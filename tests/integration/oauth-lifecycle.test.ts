// What happens to an OAuth client's grant after consent: the authorization server (oidc-provider,
// served in this process by the app's own route handler) ends an authorization on a refresh-token
// replay or a refresh-token revocation, and the Warden grant is revoked with it; revoking one
// access token closes the GET streams opened with it on every gateway worker; expired records and
// never-used registered clients are swept; the consent action refuses forged ids. The client side
// is the MCP SDK's own auth(); the "browser" is fetch plus the consent server action.
import { createServer, type Server } from "node:http";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { auth } from "@modelcontextprotocol/sdk/client/auth.js";
import { GET as getGrant } from "@/app/api/v1/grants/[id]/route";
import { approveConsentAction } from "@/app/(auth)/oauth/consent/[uid]/actions";
import type { RunningGateway } from "@/gateway/gateway";
import { sweepOauthRecords } from "@/gateway/oauth/oauth-cleanup";
import { hashToken } from "@/lib/crypto";
import { createGrant } from "@/lib/data/grants";
import { createPolicy } from "@/lib/data/policies";
import { db } from "@/lib/db";
import { freePort } from "@/lib/db-bootstrap";
import oauthRoute from "@/pages/api/oauth/[...oidc]";
import { makeApiKey } from "../helpers/factories";
import { MemoryOAuthProvider } from "../helpers/oauth-client";
import { apiRequest, params } from "./api-helpers";
import { account, makeServer, removeTestData, SEED_POLICY } from "./gateway/fixtures";
import { missedByListener, startStandin, startTestGateway } from "./gateway/harness";
import { signedInAs } from "./servers-helpers";

vi.mock("@/lib/auth/session", () => import("./servers-fake-session"));
// The consent action checks that the browser answering is the one that started the request (its
// _interaction cookie); here that browser is this test.
const browser = vi.hoisted(() => ({ interaction: "" }));
vi.mock("next/headers", () => ({
  cookies: async () => ({ get: (name: string) => (name === "_interaction" && browser.interaction ? { name, value: browser.interaction } : undefined) }),
  headers: async () => new Headers(),
}));

const appPort = await freePort();
const gatewayPort = await freePort();
const appUrl = `http://127.0.0.1:${appPort}`;
const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
process.env.APP_URL = appUrl;
process.env.GATEWAY_URL = gatewayUrl;

// Registrations are throttled per client address: this file's own address.
const fetchFn: typeof fetch = (input, init) => fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers)), "x-forwarded-for": `198.51.100.${appPort % 250}` } });

let app: Server;
let standin: Awaited<ReturnType<typeof startStandin>>;
let gateways: RunningGateway[] = [];

beforeAll(async () => {
  app = createServer((req, res) => void oauthRoute(req, res));
  await new Promise<void>((resolve) => app.listen(appPort, "127.0.0.1", resolve));
  standin = await startStandin();
  // Two workers behind one public URL, as behind a load balancer.
  gateways = [
    await startTestGateway({ port: gatewayPort, appUrl, publicUrl: gatewayUrl }),
    await startTestGateway({ appUrl, publicUrl: gatewayUrl }),
  ];
});

afterAll(async () => {
  for (const gateway of gateways) await gateway.close();
  await standin?.close();
  app?.closeAllConnections();
  await new Promise<void>((resolve) => (app ? app.close(() => resolve()) : resolve()));
  await removeTestData();
});

const mcpUrl = (serverId: string) => `${gatewayUrl}/mcp/${serverId}`;

async function organizationWithServer(label: string) {
  const { org, userId } = await account(label);
  const server = await makeServer(org.id, { transport: "http", url: standin.url }, "MLflow");
  const policy = await createPolicy(org.id, { serverId: server.id, name: "Tag only", document: SEED_POLICY }, userId);
  return { org, userId, server, policy };
}

type Org = Awaited<ReturnType<typeof organizationWithServer>>;

/** The SDK discovers, registers and builds the authorization URL; the authorization endpoint sends the browser to consent. */
async function startAuthorization(serverUrl: string, provider = new MemoryOAuthProvider("http://127.0.0.1:9/callback")) {
  expect(await auth(provider, { serverUrl, fetchFn })).toBe("REDIRECT");
  const cookies = new Map<string, string>();
  const response = await fetch(provider.authorizationUrl!, { redirect: "manual" });
  keepCookies(cookies, response);
  const uid = /\/oauth\/consent\/([^/?]+)/.exec(response.headers.get("location") ?? "")?.[1];
  if (!uid) throw new Error(`no consent redirect: ${response.status} ${await response.text()}`);
  browser.interaction = uid;
  return { provider, uid, cookies, serverUrl };
}

function keepCookies(cookies: Map<string, string>, response: Response): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair = ""] = line.split(";");
    const at = pair.indexOf("=");
    cookies.set(pair.slice(0, at), pair.slice(at + 1));
  }
}

/** The browser goes back to the authorization server after consent, and the client exchanges the code. */
async function finishAuthorization(started: Awaited<ReturnType<typeof startAuthorization>>, redirectTo: string): Promise<void> {
  let next = new URL(redirectTo, appUrl);
  while (next.origin === appUrl) {
    const cookie = [...started.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    const response = await fetch(next, { redirect: "manual", headers: { cookie } });
    keepCookies(started.cookies, response);
    next = new URL(response.headers.get("location") ?? "", next);
  }
  const code = next.searchParams.get("code");
  if (!code) throw new Error(`no code: ${next.href}`);
  expect(await auth(started.provider, { serverUrl: started.serverUrl, authorizationCode: code, fetchFn })).toBe("AUTHORIZED");
}

/** A person of `org` authorizes a new client for its server under its policy; returns the client and its Warden grant. */
async function authorize(org: Org) {
  const started = await startAuthorization(mcpUrl(org.server.id));
  await signedInAs(org.userId);
  const outcome = await approveConsentAction({ uid: started.uid, orgId: org.org.id, policyId: org.policy.id });
  if (!outcome.ok) throw new Error(outcome.message);
  await finishAuthorization(started, outcome.redirectTo);
  const grant = await db.grant.findFirstOrThrow({ where: { oauthClientId: started.provider.client!.client_id } });
  return { provider: started.provider, grant };
}

const form = (path: string, body: Record<string, string>) =>
  fetch(`${appUrl}/api/oauth${path}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(body) });

async function grantAsSeenByApi(orgId: string, grantId: string) {
  const key = await makeApiKey(orgId, "viewer");
  return (await getGrant(apiRequest("GET", `/api/v1/grants/${grantId}`, key.token), params({ id: grantId }))).json() as Promise<{ status: string }>;
}

async function revocationAudit(orgId: string, grantId: string) {
  return db.auditEvent.findMany({ where: { orgId, grantId, method: "grant/revoke" }, select: { decision: true, reason: true, actorUserId: true } });
}

/** Posts one JSON-RPC message with the token; returns the response (body read). */
async function post(gatewayBase: string, serverId: string, token: string, message: object, sessionId?: string) {
  const response = await fetch(`${gatewayBase}/mcp/${serverId}`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", authorization: `Bearer ${token}`, ...(sessionId ? { "mcp-session-id": sessionId } : {}) },
    body: JSON.stringify(message),
  });
  await response.arrayBuffer();
  return response;
}

const initialize = { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "oauth-lifecycle", version: "1" } } };
/** The gateway's answer to an initialize with this token: 200, or 401 once it is refused. */
const statusWith = async (serverId: string, token: string) => (await post(gatewayUrl, serverId, token, initialize)).status;

/** A session on one worker and its GET stream; `ended` resolves when the gateway closes the stream. */
async function openStream(gatewayBase: string, serverId: string, token: string) {
  const init = await post(gatewayBase, serverId, token, initialize);
  expect(init.status).toBe(200);
  const sessionId = init.headers.get("mcp-session-id")!;
  expect((await post(gatewayBase, serverId, token, { jsonrpc: "2.0", method: "notifications/initialized" }, sessionId)).status).toBe(202);
  const response = await fetch(`${gatewayBase}/mcp/${serverId}`, { headers: { accept: "text/event-stream", authorization: `Bearer ${token}`, "mcp-session-id": sessionId } });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  let closed = false;
  const ended = (async () => {
    while (!(await reader.read().catch(() => ({ done: true }))).done);
    closed = true;
  })();
  return { ended, isOpen: () => !closed, cancel: () => reader.cancel().catch(() => undefined) };
}

const within = (ms: number, promise: Promise<unknown>) =>
  Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

describe("OAuth grants after consent", () => {
  test("replaying a rotated refresh token ends the authorization and revokes the Warden grant, audited as refresh token reused", async () => {
    const a = await organizationWithServer("oauth-replay");
    const { provider, grant } = await authorize(a);
    const before = provider.saved!;
    expect(await auth(provider, { serverUrl: mcpUrl(a.server.id), fetchFn })).toBe("AUTHORIZED");
    const rotated = provider.saved!;
    expect(rotated.refresh_token).not.toBe(before.refresh_token);
    expect(await statusWith(a.server.id, rotated.access_token)).toBe(200);
    expect((await grantAsSeenByApi(a.org.id, grant.id)).status).toBe("active");

    const replay = await form("/token", { grant_type: "refresh_token", refresh_token: before.refresh_token!, client_id: provider.client!.client_id, resource: mcpUrl(a.server.id) });
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { error: string }).error).toBe("invalid_grant");

    await expect.poll(async () => (await db.grant.findUniqueOrThrow({ where: { id: grant.id } })).revokedAt).not.toBeNull();
    expect((await grantAsSeenByApi(a.org.id, grant.id)).status).toBe("revoked");
    expect(await revocationAudit(a.org.id, grant.id)).toEqual([{ decision: "revoked", reason: "refresh token reused", actorUserId: null }]);
    expect(await db.oauthRecord.count({ where: { grantId: grant.oauthGrantId } })).toBe(0);
    await expect.poll(() => statusWith(a.server.id, rotated.access_token)).toBe(401);
  });

  test("revoking an access token closes the GET streams opened with it on every worker within a second; revoking the refresh token ends the rest and the grant", async () => {
    const a = await organizationWithServer("oauth-streams");
    const { provider, grant } = await authorize(a);
    const first = provider.saved!.access_token;
    // A second access token of the same authorization (refresh); the first stays valid.
    expect(await auth(provider, { serverUrl: mcpUrl(a.server.id), fetchFn })).toBe("AUTHORIZED");
    const second = provider.saved!.access_token;
    expect(second).not.toBe(first);

    const revokedStreams = [await openStream(gateways[0]!.url, a.server.id, first), await openStream(gateways[1]!.url, a.server.id, first)];
    const others = [await openStream(gateways[0]!.url, a.server.id, second), await openStream(gateways[1]!.url, a.server.id, second)];

    const revoked = await form("/token/revocation", { token: first, token_type_hint: "access_token", client_id: provider.client!.client_id });
    expect(revoked.status).toBe(200);
    const closedInTime = await within(1_000, Promise.all(revokedStreams.map((stream) => stream.ended)));
    expect(closedInTime, "the streams opened with the revoked token closed within a second on both workers").toBe(true);
    // Only that token: the other token's streams stay open, its calls work, and the grant is active.
    expect(others.map((stream) => stream.isOpen())).toEqual([true, true]);
    expect(await statusWith(a.server.id, second)).toBe(200);
    expect(await statusWith(a.server.id, first)).toBe(401);
    expect((await db.grant.findUniqueOrThrow({ where: { id: grant.id } })).revokedAt).toBeNull();

    // The client revokes its refresh token: the whole authorization ends, and the grant with it.
    const ended = await form("/token/revocation", { token: provider.saved!.refresh_token!, token_type_hint: "refresh_token", client_id: provider.client!.client_id });
    expect(ended.status).toBe(200);
    expect(await within(1_000, Promise.all(others.map((stream) => stream.ended))), "the other token's streams closed within a second").toBe(true);
    await expect.poll(async () => (await grantAsSeenByApi(a.org.id, grant.id)).status).toBe("revoked");
    expect(await revocationAudit(a.org.id, grant.id)).toEqual([{ decision: "revoked", reason: "refresh token revoked by the client", actorUserId: null }]);
    await expect.poll(() => statusWith(a.server.id, second)).toBe(401);
  });

  test("a token and a grant revoked while a worker's change listener is down close their streams there once it reconnects; a live token's stream stays open", async () => {
    const a = await organizationWithServer("oauth-missed");
    const { provider } = await authorize(a);
    const revokedToken = provider.saved!.access_token;
    expect(await auth(provider, { serverUrl: mcpUrl(a.server.id), fetchFn })).toBe("AUTHORIZED");
    const liveToken = provider.saved!.access_token;
    const plain = await createGrant(a.org.id, { serverId: a.server.id, policyId: a.policy.id, name: "plain agent" });
    const [heard, deaf] = [gateways[0]!, gateways[1]!];

    const onHeard = await openStream(heard.url, a.server.id, revokedToken);
    const missed = { token: await openStream(deaf.url, a.server.id, revokedToken), grant: await openStream(deaf.url, a.server.id, plain.token) };
    const live = await openStream(deaf.url, a.server.id, liveToken);
    // That worker misses both notifications (see missedByListener); the other one hears them.
    const revokedHash = hashToken(revokedToken);
    expect(`${revokedHash}${plain.id}`).toMatch(/^[A-Za-z0-9_-]+$/);
    const changed = await missedByListener(deaf, `
      DELETE FROM oauth_records WHERE model = 'AccessToken' AND id = '${revokedHash}';
      UPDATE grants SET "revokedAt" = (now() AT TIME ZONE 'UTC') WHERE id = '${plain.id}';`);
    expect(changed).toEqual([1, 1]);
    expect(await within(1_000, onHeard.ended), "the worker whose listener stayed up closed its stream on the notification").toBe(true);

    expect(await within(5_000, missed.token.ended), "the revoked token's stream closed after the reconnect").toBe(true);
    expect(await within(5_000, missed.grant.ended), "the revoked grant's stream closed after the reconnect").toBe(true);
    // Checked in the same pass as the revoked token: the live token's stream is still open, and it still works there.
    expect(live.isOpen()).toBe(true);
    expect((await post(deaf.url, a.server.id, liveToken, initialize)).status).toBe(200);
    expect((await post(deaf.url, a.server.id, revokedToken, initialize)).status).toBe(401);
    expect(live.isOpen()).toBe(true);
    await live.cancel();
  });

  test("the sweep deletes expired records a batch at a time and registered clients that never completed an authorization", async () => {
    const a = await organizationWithServer("oauth-sweep");
    const { provider: used } = await authorize(a);
    const register = async (name: string) => {
      const response = await fetchFn(`${appUrl}/api/oauth/reg`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ client_name: name, redirect_uris: ["https://sweep.example/callback"] }) });
      expect(response.status).toBe(201);
      return ((await response.json()) as { client_id: string }).client_id;
    };
    const unused = await register("Never authorized");
    const fresh = await register("Registered just now");
    const clientRow = (clientId: string) => db.oauthRecord.findUnique({ where: { model_id: { model: "Client", id: hashToken(clientId) } } });
    // Two days old: the used client (it has a grant) and the unused one.
    const twoDaysAgo = Math.floor(Date.now() / 1000) - 2 * 86_400;
    for (const clientId of [used.client!.client_id, unused]) {
      await db.$executeRaw`UPDATE oauth_records SET payload = jsonb_set(payload, '{client_id_issued_at}', to_jsonb(${twoDaysAgo}::int)) WHERE model = 'Client' AND id = ${hashToken(clientId)}`;
    }

    // 2,500 expired records (access tokens among them) and one live record.
    const tag = `sweep-${appPort}`;
    const past = new Date(Date.now() - 60_000);
    await db.oauthRecord.createMany({ data: Array.from({ length: 2_500 }, (_, i) => ({ model: i % 2 ? "Session" : "AccessToken", id: `${tag}-${i}`, payload: {}, grantId: tag, expiresAt: past })) });
    await db.oauthRecord.create({ data: { model: "Session", id: `${tag}-live`, payload: {}, grantId: tag, expiresAt: new Date(Date.now() + 60_000) } });

    // Deleting expired access tokens announces nothing to the workers (only live ones are revocations).
    const listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await listener.connect();
    const announced: string[] = [];
    listener.on("notification", (message) => announced.push(message.payload ?? ""));
    await listener.query("LISTEN warden_changes");

    const swept = await sweepOauthRecords(gateways[0]!.services.db, 86_400_000, 1_000);
    expect(swept.expired).toBeGreaterThanOrEqual(2_500);
    expect(swept.unusedClients).toBeGreaterThanOrEqual(1);
    expect(await db.oauthRecord.count({ where: { grantId: tag } })).toBe(1);
    expect(await clientRow(unused)).toBeNull();
    expect(await clientRow(used.client!.client_id)).not.toBeNull();
    expect(await clientRow(fresh)).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await listener.end();
    expect(announced.filter((payload) => payload.includes(tag))).toEqual([]);

    // The removed client is unknown to the authorization server; the used one still works.
    const gone = await fetch(`${appUrl}/api/oauth/auth?${new URLSearchParams({ client_id: unused, redirect_uri: "https://sweep.example/callback", response_type: "code", scope: "mcp", resource: mcpUrl(a.server.id), code_challenge: "a".repeat(43), code_challenge_method: "S256" })}`, { redirect: "manual" });
    expect(gone.status).toBe(400);
    expect(await gone.text()).toMatch(/invalid_client/);
    expect(await auth(used, { serverUrl: mcpUrl(a.server.id), fetchFn })).toBe("AUTHORIZED");
  });

  test("the consent action refuses another organization's policy, organization or server as if they did not exist, and creates no grant", async () => {
    const a = await organizationWithServer("oauth-forge-a");
    const b = await organizationWithServer("oauth-forge-b");
    const otherServerOfA = await makeServer(a.org.id, { transport: "http", url: standin.url }, "MLflow 2");
    const otherPolicyOfA = await createPolicy(a.org.id, { serverId: otherServerOfA.id, name: "Other server's", document: SEED_POLICY }, a.userId);
    const started = await startAuthorization(mcpUrl(a.server.id));
    await signedInAs(a.userId);
    const answer = (body: Record<string, string>) => approveConsentAction({ uid: started.uid, ...body });

    const missingPolicy = await answer({ orgId: a.org.id, policyId: "pol_doesnotexist" });
    expect(missingPolicy).toEqual({ ok: false, message: "No such policy for this server" });
    expect(await answer({ orgId: a.org.id, policyId: b.policy.id })).toEqual(missingPolicy);
    expect(await answer({ orgId: a.org.id, policyId: otherPolicyOfA.id })).toEqual(missingPolicy);
    const missingOrg = await answer({ orgId: "org_doesnotexist", policyId: a.policy.id });
    expect(missingOrg).toEqual({ ok: false, message: "No such organization" });
    expect(await answer({ orgId: b.org.id, policyId: b.policy.id })).toEqual(missingOrg);
    expect(await answer({ orgId: b.org.id, policyId: a.policy.id })).toEqual(missingOrg);
    expect(await db.grant.count({ where: { oauthClientId: started.provider.client!.client_id } })).toBe(0);
    expect(await db.grant.count({ where: { orgId: b.org.id } })).toBe(0);

    // The server is the one the authorization request named: a server id in the body is ignored,
    // and a request naming B's server is answered like one naming no server at all.
    const intoB = await startAuthorization(mcpUrl(b.server.id));
    const refusedB = await approveConsentAction({ uid: intoB.uid, orgId: b.org.id, policyId: b.policy.id });
    const nowhere = await startAuthorization(mcpUrl("srv_doesnotexist"));
    expect(refusedB).toEqual(await approveConsentAction({ uid: nowhere.uid, orgId: b.org.id, policyId: b.policy.id }));
    expect(refusedB).toMatchObject({ ok: false, message: expect.stringMatching(/No such server/) });
    expect(await db.grant.count({ where: { orgId: b.org.id } })).toBe(0);

    browser.interaction = started.uid;
    const allowed = await approveConsentAction({ uid: started.uid, orgId: a.org.id, policyId: a.policy.id, serverId: b.server.id });
    expect(allowed.ok).toBe(true);
    const grants = await db.grant.findMany({ where: { oauthClientId: started.provider.client!.client_id } });
    expect(grants.map((grant) => [grant.orgId, grant.serverId, grant.policyId])).toEqual([[a.org.id, a.server.id, a.policy.id]]);
  });
});
