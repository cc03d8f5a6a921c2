// OAuth for MCP clients, end to end with the SDK's own client OAuth: discovery from the gateway's
// 401, dynamic registration, PKCE, consent in Chromium (organization and policy), then tools
// under the chosen policy, refresh with rotation, and the refusals: another resource, another
// organization's server, an expired token, a revoked grant, missing or plain PKCE, a redirect
// URI that does not match, a web client with a loopback redirect URI.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { auth, UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { RunningGateway } from "@/gateway/gateway";
import { hashToken } from "@/lib/crypto";
import { createPolicy } from "@/lib/data/policies";
import { db } from "@/lib/db";
import { freePort } from "@/lib/db-bootstrap";
import { browserSuite } from "../helpers/browser-suite";
import { screenshot } from "../helpers/browser";
import { makeLoopbackCertificate, startMetadataServer, type MetadataServer } from "../helpers/cimd-server";
import { MemoryOAuthProvider, startCallback, type Callback } from "../helpers/oauth-client";
import { newPerson, signUpInBrowser } from "../helpers/sign-up";
import { makeServer, SEED_POLICY } from "../integration/gateway/fixtures";
import { startStandin, startTestGateway, textOf } from "../integration/gateway/harness";

const gatewayPort = await freePort();
const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
const tls = makeLoopbackCertificate();
// Private addresses allowed: the stand-in and the metadata documents live on 127.0.0.1.
const suite = browserSuite({ WARDEN_ALLOW_PRIVATE_UPSTREAMS: "1", GATEWAY_URL: gatewayUrl, NODE_EXTRA_CA_CERTS: tls.certFile });

let standin: Awaited<ReturnType<typeof startStandin>>;
let gateway: RunningGateway;
let callback: Callback;
let documents: MetadataServer;

beforeAll(async () => {
  standin = await startStandin();
  gateway = await startTestGateway({ port: gatewayPort, appUrl: suite.app.url, publicUrl: gatewayUrl });
  callback = await startCallback();
  documents = await startMetadataServer(tls);
});

afterAll(async () => {
  await callback?.close();
  await documents?.close();
  await gateway?.close();
  await standin?.close();
});

const mcpUrl = (serverId: string) => `${gatewayUrl}/mcp/${serverId}`;

/** The person's organization with the stand-in registered and two policies. */
async function organizationWithServer(slug: string) {
  const org = await db.organization.findUniqueOrThrow({ where: { slug } });
  const server = await makeServer(org.id, { transport: "http", url: standin.url }, "MLflow");
  const tagOnly = await createPolicy(org.id, { serverId: server.id, name: "Tag only", document: SEED_POLICY }, null);
  const everything = await createPolicy(org.id, { serverId: server.id, name: "Everything", document: { version: "1", default: "allow" } }, null);
  return { org, server, tagOnly, everything };
}

async function connect(url: string, provider: MemoryOAuthProvider): Promise<Client> {
  const client = new Client({ name: "oauth-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { authProvider: provider }));
  return client;
}

/** The SDK's flow up to the browser: connect, get 401, discover, register, and build the authorization URL. */
async function startAuthorization(url: string, provider: MemoryOAuthProvider): Promise<StreamableHTTPClientTransport> {
  const transport = new StreamableHTTPClientTransport(new URL(url), { authProvider: provider });
  await expect(new Client({ name: "oauth-test", version: "1.0.0" }).connect(transport)).rejects.toBeInstanceOf(UnauthorizedError);
  expect(provider.authorizationUrl).toBeDefined();
  return transport;
}

/** The person consents in Chromium; returns the authorization code the callback received. */
async function consent(page: Page, provider: MemoryOAuthProvider, policyName: string): Promise<string> {
  const received = callback.next();
  await page.goto(provider.authorizationUrl!.href);
  await page.waitForURL(/\/oauth\/consent\//);
  await page.getByLabel("Policy").selectOption({ label: policyName });
  await page.getByRole("button", { name: "Allow" }).click();
  const url = await received;
  expect(url.searchParams.get("error")).toBeNull();
  return url.searchParams.get("code")!;
}

async function callRaw(url: string, token: string | undefined) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } } }),
  });
  await response.arrayBuffer();
  return response;
}

const shared = {} as { page: Page; slug: string; setup: Awaited<ReturnType<typeof organizationWithServer>>; provider: MemoryOAuthProvider };

describe("OAuth for MCP clients", () => {
  test("a 401 leads the SDK to the metadata, registration, PKCE and consent; tools follow the chosen policy", async () => {
    shared.page = await (await suite.browser.newContext()).newPage();
    shared.slug = await signUpInBrowser(shared.page, suite.app.url, newPerson("OAuth Labs"));
    shared.setup = await organizationWithServer(shared.slug);
    const url = mcpUrl(shared.setup.server.id);

    const unauthorized = await callRaw(url, undefined);
    expect(unauthorized.status).toBe(401);
    const challenge = unauthorized.headers.get("www-authenticate") ?? "";
    const metadataUrl = `${gatewayUrl}/.well-known/oauth-protected-resource/mcp/${shared.setup.server.id}`;
    expect(challenge).toContain(`resource_metadata="${metadataUrl}"`);
    expect(challenge).toContain(`scope="mcp"`);
    const metadata = (await (await fetch(metadataUrl)).json()) as { resource: string; authorization_servers: string[] };
    expect(metadata).toMatchObject({ resource: url, authorization_servers: [suite.app.url] });
    const asMetadata = (await (await fetch(`${suite.app.url}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
    expect(asMetadata).toMatchObject({ issuer: suite.app.url, code_challenge_methods_supported: ["S256"], client_id_metadata_document_supported: true });
    expect(asMetadata.registration_endpoint).toBe(`${suite.app.url}/api/oauth/reg`);

    shared.provider = new MemoryOAuthProvider(callback.url);
    const transport = await startAuthorization(url, shared.provider);
    const authorizationUrl = shared.provider.authorizationUrl!;
    expect(authorizationUrl.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorizationUrl.searchParams.get("resource")).toBe(url);
    expect(shared.provider.client?.client_id).toBeTruthy();

    const received = callback.next();
    await shared.page.goto(authorizationUrl.href);
    await shared.page.waitForURL(/\/oauth\/consent\//, { timeout: 10_000 });
    const request = shared.page.getByRole("definition");
    await expect.poll(() => request.allInnerTexts()).toEqual(expect.arrayContaining(["Test MCP client", "https://client.example/logo.png", `MLflow ${url}`]));
    expect(await shared.page.getByLabel("Organization").inputValue()).toBe(shared.setup.org.id);
    await shared.page.getByLabel("Policy").selectOption({ label: "Tag only" });
    await screenshot(shared.page, "oauth-consent");
    await shared.page.getByRole("button", { name: "Allow" }).click();
    const code = (await received).searchParams.get("code");
    expect(code).toBeTruthy();
    await transport.finishAuth(code!);
    expect(shared.provider.saved?.refresh_token).toBeTruthy();
    expect(shared.provider.saved?.expires_in).toBeLessThanOrEqual(600);

    const client = await connect(url, shared.provider);
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names).toContain("set_experiment_tag");
    expect(names).not.toContain("delete_experiment");
    const tagged = await client.callTool({ name: "set_experiment_tag", arguments: { experiment_id: "1", key: "via", value: "oauth" } });
    expect(tagged.isError, textOf(tagged)).toBeFalsy();
    const refused = await client.callTool({ name: "get_experiments", arguments: {} }).catch((error: Error) => ({ isError: true, content: [{ type: "text", text: error.message }] }));
    expect(refused.isError).toBe(true);
    await client.close();

    const grant = await db.grant.findFirstOrThrow({ where: { orgId: shared.setup.org.id, oauthClientId: shared.provider.client!.client_id } });
    expect(grant).toMatchObject({ serverId: shared.setup.server.id, policyId: shared.setup.tagOnly.id, oauthClientName: "Test MCP client", oauthLogoUri: "https://client.example/logo.png" });
    // No token passthrough: the upstream saw calls, and never the client's access token in any header.
    expect(standin.requests.length).toBeGreaterThan(0);
    for (const request of standin.requests) {
      expect(request.headers.authorization).toBeUndefined();
      expect(JSON.stringify(request.headers)).not.toContain(shared.provider.saved!.access_token);
    }

    await shared.page.goto(`${suite.app.url}/${shared.slug}/grants`);
    const row = shared.page.getByRole("table", { name: "Grants" }).getByRole("row", { name: /Test MCP client \(OAuth\)/ });
    expect(await row.innerText()).toMatch(/OAuth client: Test MCP client[\s\S]*active/);
    expect(await shared.page.getByRole("table", { name: "OAuth connection URLs" }).innerText()).toContain(url);
    await screenshot(shared.page, "oauth-grants");
  });

  test("refresh rotates both tokens; replaying the old refresh token is refused and ends the authorization", async () => {
    const url = mcpUrl(shared.setup.server.id);
    const before = shared.provider.saved!;
    expect(await auth(shared.provider, { serverUrl: url })).toBe("AUTHORIZED");
    const after = shared.provider.saved!;
    expect(after.access_token).not.toBe(before.access_token);
    expect(after.refresh_token).toBeTruthy();
    expect(after.refresh_token).not.toBe(before.refresh_token);
    expect((await callRaw(url, after.access_token)).status).toBe(200);

    const replay = await fetch(`${suite.app.url}/api/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: before.refresh_token!, client_id: shared.provider.client!.client_id, resource: url }),
    });
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { error: string }).error).toBe("invalid_grant");
    // Replay detection ends the whole authorization: the rotated access token stops too.
    await expect.poll(async () => (await callRaw(url, after.access_token)).status, { timeout: 1_000, interval: 50 }).toBe(401);
    // The Warden grant bound to that authorization is revoked with it, and the Grants page says so.
    await shared.page.goto(`${suite.app.url}/${shared.slug}/grants`);
    const row = shared.page.getByRole("table", { name: "Grants" }).getByRole("row", { name: /Test MCP client \(OAuth\)/ });
    await expect.poll(async () => (await shared.page.reload(), await row.innerText())).toMatch(/revoked/);

    // The person authorizes the client again (a new grant); the later tests use it.
    shared.provider.saved = undefined;
    const transport = await startAuthorization(url, shared.provider);
    await transport.finishAuth(await consent(shared.page, shared.provider, "Tag only"));
    const client = await connect(url, shared.provider);
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain("set_experiment_tag");
    await client.close();
  });

  test("a token is refused on another server, in another organization, and once expired", async () => {
    const token = shared.provider.saved!.access_token;
    const other = await makeServer(shared.setup.org.id, { transport: "http", url: standin.url }, "MLflow 2");
    const elsewhere = await callRaw(mcpUrl(other.id), token);
    expect(elsewhere.status).toBe(401);
    expect(elsewhere.headers.get("www-authenticate")).toMatch(/error="invalid_token".*another resource/);

    // Organization B: its own person and server. A's client token does not open it, and A's
    // person cannot consent to B's server (answered as if it did not exist).
    const pageB = await (await suite.browser.newContext()).newPage();
    const slugB = await signUpInBrowser(pageB, suite.app.url, newPerson("Other Labs", "Grace Hopper"));
    const setupB = await organizationWithServer(slugB);
    expect((await callRaw(mcpUrl(setupB.server.id), token)).status).toBe(401);
    const intruder = new MemoryOAuthProvider(callback.url, { clientName: "Intruder" });
    await startAuthorization(mcpUrl(setupB.server.id), intruder);
    await shared.page.goto(intruder.authorizationUrl!.href);
    await shared.page.waitForURL(/\/oauth\/consent\//);
    expect(await shared.page.getByRole("alert").filter({ hasText: /No such server/ }).count()).toBe(1);
    expect(await shared.page.getByRole("button", { name: "Allow" }).count()).toBe(0);

    // A fresh token whose record says it expired a moment ago.
    expect(await auth(shared.provider, { serverUrl: mcpUrl(shared.setup.server.id) })).toBe("AUTHORIZED");
    const fresh = shared.provider.saved!.access_token;
    await db.oauthRecord.update({ where: { model_id: { model: "AccessToken", id: hashToken(fresh) } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await callRaw(mcpUrl(shared.setup.server.id), fresh);
    expect(expired.status).toBe(401);
    expect(expired.headers.get("www-authenticate")).toMatch(/error="invalid_token".*expired/);
  });

  test("the authorization endpoint refuses missing or plain PKCE and a redirect URI that does not match; web clients may not use loopback", async () => {
    const clientId = shared.provider.client!.client_id;
    const base = { client_id: clientId, response_type: "code", scope: "mcp", resource: mcpUrl(shared.setup.server.id), state: "s" };
    const authorize = (params: Record<string, string>) => fetch(`${suite.app.url}/api/oauth/auth?${new URLSearchParams(params)}`, { redirect: "manual" });

    const missing = await authorize({ ...base, redirect_uri: callback.url });
    expect(missing.status).toBe(303);
    expect(new URL(missing.headers.get("location")!).searchParams.get("error")).toBe("invalid_request");
    const plain = await authorize({ ...base, redirect_uri: callback.url, code_challenge: "a".repeat(43), code_challenge_method: "plain" });
    expect(plain.status).toBe(303);
    const plainError = new URL(plain.headers.get("location")!).searchParams;
    expect(plainError.get("error")).toBe("invalid_request");
    expect(plainError.get("error_description")).toMatch(/code_challenge_method/);

    const mismatch = await authorize({ ...base, redirect_uri: `${callback.url}/other`, code_challenge: "a".repeat(43), code_challenge_method: "S256" });
    expect(mismatch.status).toBe(400);
    expect(mismatch.headers.get("location")).toBeNull();
    expect(await mismatch.text()).toMatch(/redirect_uri/);

    const register = (body: object) => fetch(`${suite.app.url}/api/oauth/reg`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const web = await register({ client_name: "Web", application_type: "web", redirect_uris: ["http://localhost:9999/callback"], token_endpoint_auth_method: "none" });
    expect(web.status).toBe(400);
    expect(((await web.json()) as { error_description: string }).error_description).toMatch(/native/);
    const mixed = await register({ client_name: "Mixed", redirect_uris: ["http://localhost:9999/callback", "https://client.example/callback"] });
    expect(mixed.status).toBe(400);
    // How Claude Code, Cursor and the MCP Inspector register: public, loopback only, no application_type.
    const desktop = await register({ client_name: "Desktop", redirect_uris: ["http://localhost:9999/callback"], token_endpoint_auth_method: "none" });
    expect(desktop.status).toBe(201);
    expect(((await desktop.json()) as { application_type: string }).application_type).toBe("native");
    const https = await register({ client_name: "Web", redirect_uris: ["https://client.example/callback"], token_endpoint_auth_method: "none" });
    expect(https.status).toBe(201);
  });

  test("client registrations are throttled per client address", async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => fetch(`${suite.app.url}/api/oauth/reg`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.77" },
      body: JSON.stringify({ client_name: `Flood ${i}`, redirect_uris: ["https://flood.example/callback"] }),
    })));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201).length).toBeLessThanOrEqual(20);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(10);
    const refused = answers.find((answer) => answer.status === 429)!;
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error_description: string }).error_description).toMatch(/client registrations/);
    const elsewhere = await fetch(`${suite.app.url}/api/oauth/reg`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.78" },
      body: JSON.stringify({ client_name: "Neighbour", redirect_uris: ["https://neighbour.example/callback"] }),
    });
    expect(elsewhere.status).toBe(201);

    // Text Postgres cannot keep is refused with a clear error, and the next registration works.
    for (const name of ["nul\u0000name", "lone\ud800surrogate"]) {
      const unstorable = await fetch(`${suite.app.url}/api/oauth/reg`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.79" },
        body: JSON.stringify({ client_name: name, redirect_uris: ["https://odd.example/callback"] }),
      });
      expect(unstorable.status).toBe(400);
      expect(await unstorable.json()).toMatchObject({ error: "invalid_client_metadata", error_description: expect.stringMatching(/cannot be stored/) });
    }
    const after = await fetch(`${suite.app.url}/api/oauth/reg`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.79" },
      body: JSON.stringify({ client_name: "Plain", redirect_uris: ["https://odd.example/callback"] }),
    });
    expect(after.status).toBe(201);
  });

  test("revoking the grant under Grants stops its tokens on the gateway within a second", async () => {
    const url = mcpUrl(shared.setup.server.id);
    expect(await auth(shared.provider, { serverUrl: url })).toBe("AUTHORIZED");
    const token = shared.provider.saved!.access_token;
    expect((await callRaw(url, token)).status).toBe(200);
    const grant = await db.grant.findFirstOrThrow({ where: { orgId: shared.setup.org.id, oauthClientId: shared.provider.client!.client_id }, orderBy: { createdAt: "desc" } });

    await shared.page.goto(`${suite.app.url}/${shared.slug}/grants/${grant.id}`);
    expect(await shared.page.getByRole("button", { name: "Rotate token" }).count()).toBe(0);
    shared.page.once("dialog", (dialog) => void dialog.accept());
    await shared.page.getByRole("button", { name: "Revoke" }).click();
    await expect.poll(async () => (await db.grant.findUniqueOrThrow({ where: { id: grant.id } })).revokedAt).not.toBeNull();
    const revokedAt = Date.now();
    await expect.poll(async () => (await callRaw(url, token)).status, { timeout: 1_000, interval: 50 }).toBe(401);
    expect(Date.now() - revokedAt).toBeLessThan(1_500);
    // The refresh token died with the grant.
    const refresh = await fetch(`${suite.app.url}/api/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: shared.provider.saved!.refresh_token!, client_id: shared.provider.client!.client_id, resource: url }),
    });
    expect(((await refresh.json()) as { error: string }).error).toBe("invalid_grant");
  });

  test("the revocation endpoint ends an access token on every worker", async () => {
    const url = mcpUrl(shared.setup.server.id);
    const provider = new MemoryOAuthProvider(callback.url, { clientName: "Second client" });
    const transport = await startAuthorization(url, provider);
    await transport.finishAuth(await consent(shared.page, provider, "Everything"));
    const token = provider.saved!.access_token;
    expect((await callRaw(url, token)).status).toBe(200);
    const revoked = await fetch(`${suite.app.url}/api/oauth/token/revocation`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token, client_id: provider.client!.client_id }),
    });
    expect(revoked.status).toBe(200);
    await expect.poll(async () => (await callRaw(url, token)).status, { timeout: 1_000, interval: 50 }).toBe(401);
  });

  test("a client registered by its metadata document (SEP-991) connects; a document naming another client_id is refused", async () => {
    const url = mcpUrl(shared.setup.server.id);
    const clientId = documents.url("/clients/desk.json");
    documents.documents.set("/clients/desk.json", {
      client_id: clientId, client_name: "Desk Agent", logo_uri: "https://desk.example/logo.png",
      redirect_uris: [callback.url], grant_types: ["authorization_code", "refresh_token"], response_types: ["code"],
      token_endpoint_auth_method: "none", application_type: "native",
    });
    const provider = new MemoryOAuthProvider(callback.url, { clientMetadataUrl: clientId });
    const transport = await startAuthorization(url, provider);
    expect(provider.client?.client_id).toBe(clientId);
    expect(provider.authorizationUrl!.searchParams.get("client_id")).toBe(clientId);
    await transport.finishAuth(await consent(shared.page, provider, "Everything"));
    expect(documents.fetched).toContain("/clients/desk.json");
    const client = await connect(url, provider);
    const listed = await client.callTool({ name: "get_experiments", arguments: {} });
    expect(listed.isError, textOf(listed)).toBeFalsy();
    await client.close();
    const grant = await db.grant.findFirstOrThrow({ where: { oauthClientId: clientId } });
    expect(grant).toMatchObject({ oauthClientName: "Desk Agent", policyId: shared.setup.everything.id });

    const liarId = documents.url("/clients/liar.json");
    documents.documents.set("/clients/liar.json", { client_id: clientId, client_name: "Liar", redirect_uris: [callback.url], application_type: "native" });
    const liar = await fetch(`${suite.app.url}/api/oauth/auth?${new URLSearchParams({ client_id: liarId, redirect_uri: callback.url, response_type: "code", scope: "mcp", resource: url, code_challenge: "a".repeat(43), code_challenge_method: "S256" })}`, { redirect: "manual" });
    expect(liar.status).toBe(400);
    expect(await liar.text()).toMatch(/invalid_client/);
  });
});
