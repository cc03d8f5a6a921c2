// Upstream URLs whose query string carries a key are secrets: stored encrypted and bound to the
// row, shown masked (?api_key=•••) by REST to every role, kept by an edit that leaves ••• in
// place, re-encrypted by keys:rotate, and used in clear only to connect (app and gateway).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { POST as registerRoute } from "@/app/api/v1/servers/route";
import { GET as getServerRoute, PATCH as patchServer } from "@/app/api/v1/servers/[id]/route";
import { GET as listServersRoute } from "@/app/api/v1/servers/route";
import { createGrant } from "@/lib/data/grants";
import { createPolicy } from "@/lib/data/policies";
import { rotateSecrets } from "@/lib/data/secret-rotation";
import { openUrl } from "@/lib/data/server-url";
import { db } from "@/lib/db";
import { startMlflowHttpServer, type MlflowHttpHandle } from "../fixtures/mlflow-mcp";
import { apiRequest, makeTenant, params } from "./api-helpers";
import { connectAgent, startTestGateway } from "./gateway/harness";
import { SEED_POLICY } from "./gateway/fixtures";
import { tablesContaining } from "./servers-helpers";

const KEY = "urlkey-5d1f0c9a-do-not-show";
let standin: MlflowHttpHandle;
const originalKeys = process.env.WARDEN_ENCRYPTION_KEYS!;

beforeAll(async () => {
  process.env.WARDEN_ALLOW_PRIVATE_UPSTREAMS = "1";
  standin = await startMlflowHttpServer({ port: 0 });
});
afterAll(async () => {
  process.env.WARDEN_ENCRYPTION_KEYS = originalKeys;
  await standin?.close();
  delete process.env.WARDEN_ALLOW_PRIVATE_UPSTREAMS;
});

const sawKey = (key: string) => standin.requests.some((r) => r.url.includes(`api_key=${key}`));

async function registered(label: string) {
  const t = await makeTenant(label);
  const response = await registerRoute(apiRequest("POST", "/api/v1/servers", t.keys.admin, { name: "Keyed", transport: "http", url: `${standin.url}?api_key=${KEY}&region=eu` }), params());
  expect(response.status).toBe(201);
  return { ...t, serverId: (await response.json()).id as string };
}

describe("a URL with a key in its query string", () => {
  test("connects with the key, is stored only encrypted and bound to its row, and REST shows it masked to every role", async () => {
    const t = await registered("urlkey");
    expect(sawKey(KEY)).toBe(true);
    const masked = `${standin.url}?api_key=•••&region=eu`;
    for (const role of ["owner", "admin", "editor", "viewer"] as const) {
      const one = await (await getServerRoute(apiRequest("GET", `/api/v1/servers/${t.serverId}`, t.keys[role]), params({ id: t.serverId }))).json();
      expect(one.url).toBe(masked);
      const list = await (await listServersRoute(apiRequest("GET", "/api/v1/servers", t.keys[role]), params())).text();
      expect(list).not.toContain(KEY);
    }
    expect(await tablesContaining(KEY)).toEqual([]);
    const row = await db.mcpServer.findUniqueOrThrow({ where: { id: t.serverId } });
    expect(row.url).toBe(masked);
    expect(openUrl(row)).toBe(`${standin.url}?api_key=${KEY}&region=eu`);
    // The ciphertext copied onto another server's row does not open there.
    const moved = { ...row, id: t.server.id };
    expect(() => openUrl(moved)).toThrow();
  });

  test("an edit that keeps ••• keeps the key; a new value replaces it; ••• for a key the server never had is refused", async () => {
    const t = await registered("urledit");
    const patch = (url: string) => patchServer(apiRequest("PATCH", `/api/v1/servers/${t.serverId}`, t.keys.admin, { url }), params({ id: t.serverId }));
    const kept = await patch(`${standin.url}?api_key=•••&region=us`);
    expect(kept.status).toBe(200);
    expect((await kept.json()).url).toBe(`${standin.url}?api_key=•••&region=us`);
    expect(openUrl(await db.mcpServer.findUniqueOrThrow({ where: { id: t.serverId } }))).toBe(`${standin.url}?api_key=${KEY}&region=us`);

    const replaced = await patch(`${standin.url}?api_key=fresh-key-2&region=us`);
    expect(replaced.status).toBe(200);
    expect(sawKey("fresh-key-2")).toBe(true);
    expect(openUrl(await db.mcpServer.findUniqueOrThrow({ where: { id: t.serverId } }))).toBe(`${standin.url}?api_key=fresh-key-2&region=us`);

    const unknown = await patch(`${standin.url}?api_key=•••&token=•••`);
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).error.pointer).toBe("/url");
  });

  test("the gateway connects with the key", async () => {
    const t = await registered("urlgw");
    const policy = await createPolicy(t.org.id, { serverId: t.serverId, name: "main", document: SEED_POLICY }, t.userId);
    const grant = await createGrant(t.org.id, { serverId: t.serverId, policyId: policy.id, name: "agent" });
    const gateway = await startTestGateway();
    try {
      const before = standin.requests.length;
      const agent = await connectAgent(gateway.url, t.serverId, grant.token);
      await agent.listTools();
      await agent.close();
      expect(standin.requests.slice(before).some((r) => r.url.includes(`api_key=${KEY}`))).toBe(true);
    } finally {
      await gateway.close();
    }
  });

  test("keys:rotate re-encrypts the URL under the first key and reports it", async () => {
    const t = await registered("urlrotate");
    const fresh = `urlfresh:${Buffer.alloc(32, 7).toString("base64")}`;
    process.env.WARDEN_ENCRYPTION_KEYS = `${fresh},${originalKeys}`;
    try {
      const report = await rotateSecrets();
      expect(report.urls.total).toBeGreaterThanOrEqual(1);
      expect(report.urls.reEncrypted).toBeGreaterThanOrEqual(1);
      expect(report.failed.map((f) => f.serverId)).not.toContain(t.serverId);
      process.env.WARDEN_ENCRYPTION_KEYS = fresh;
      const row = await db.mcpServer.findUniqueOrThrow({ where: { id: t.serverId } });
      expect(row.urlKeyId).toBe("urlfresh");
      expect(openUrl(row)).toContain(`api_key=${KEY}`);
    } finally {
      // Back under the usual key: other test files share this database.
      process.env.WARDEN_ENCRYPTION_KEYS = `${originalKeys},${fresh}`;
      await rotateSecrets();
    }
  });
});
