// SSRF: with private upstreams not allowed (the default), every internal address spelling is
// refused when a server is registered and again when a connection is opened, and a public-
// looking name that resolves (or later re-resolves) to 127.0.0.1 is refused too.
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { POST as registerRoute } from "@/app/api/v1/servers/route";
import { listUpstreamTools } from "@/lib/data/server-connect";
import { syncServer } from "@/lib/data/server-registration";
import { db } from "@/lib/db";
import { startMlflowHttpServer, type MlflowHttpHandle } from "../fixtures/mlflow-mcp";
import { makeAccount, makeApiKey } from "../helpers/factories";

// Name resolution under test control: "rebind.example.com" answers a public address the first
// time and 127.0.0.1 afterwards (DNS rebinding); "loopback.example.com" always 127.0.0.1.
const dnsAnswers = vi.hoisted(() => ({ rebindLookups: 0 }));
vi.mock("node:dns", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:dns")>();
  type Cb = (error: Error | null, address: unknown, family?: number) => void;
  const lookup = (host: string, options: unknown, callback: Cb) => {
    const cb = (typeof options === "function" ? options : callback) as Cb;
    const all = typeof options === "object" && options !== null && (options as { all?: boolean }).all;
    const answer = (address: string) => (all ? cb(null, [{ address, family: 4 }]) : cb(null, address, 4));
    if (host === "loopback.example.com") return answer("127.0.0.1");
    if (host === "rebind.example.com") return answer(dnsAnswers.rebindLookups++ === 0 ? "93.184.215.14" : "127.0.0.1");
    return (actual.lookup as unknown as (...a: unknown[]) => void)(host, options, callback);
  };
  const fallback = (actual as unknown as { default?: object }).default ?? actual;
  return { ...actual, default: { ...fallback, lookup }, lookup };
});

// Every one of these points at this machine, a private network, a metadata service, or is not
// an http(s) URL at all.
const internalUrls = [
  "http://127.0.0.1/mcp", "http://127.1/mcp", "http://127.0.1/mcp", "http://127.000.000.001/mcp", "http://127.0.0.1.:80/mcp",
  "http://2130706433/mcp", "http://0x7f000001/mcp", "http://0x7f.0x0.0x0.0x1/mcp", "http://0177.0.0.1/mcp", "http://017700000001/mcp",
  "http://127.255.255.254/mcp", "http://localhost/mcp", "http://LOCALHOST./mcp", "http://api.localhost/mcp", "http://[::1]/mcp",
  "http://[0:0:0:0:0:0:0:1]/mcp", "http://[::ffff:127.0.0.1]/mcp", "http://[::ffff:7f00:1]/mcp", "http://[0:0:0:0:0:ffff:127.0.0.1]/mcp",
  "http://0.0.0.0/mcp", "http://0/mcp", "http://[::]/mcp", "http://10.0.0.1/mcp", "http://10.255.255.254/mcp", "http://172.16.0.1/mcp",
  "http://172.31.255.254/mcp", "http://192.168.0.1/mcp", "http://192.168.255.254/mcp", "http://169.254.169.254/latest/meta-data/",
  "http://169.254.0.1/mcp", "http://[::ffff:169.254.169.254]/mcp", "http://100.64.0.1/mcp", "http://100.100.100.200/mcp",
  "http://224.0.0.1/mcp", "http://239.255.255.250/mcp", "http://255.255.255.255/mcp", "http://[fe80::1]/mcp", "http://[fc00::1]/mcp",
  "http://[fd00:ec2::254]/mcp", "http://[ff02::1]/mcp", "http://[2002:7f00:1::]/mcp", "http://[64:ff9b::7f00:1]/mcp",
  "http://[64:ff9b::a9fe:a9fe]/mcp", "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/mcp", "http://metadata.google.internal/computeMetadata/v1/",
  "http://metadata/mcp", "http://user:pass@example.com/mcp", "http://example.com@127.0.0.1/mcp", "https://127.0.0.1:443/mcp",
  "http://0x7f000001:8080/mcp", "ftp://example.com/mcp", "file:///etc/passwd", "gopher://127.0.0.1:25/", "javascript:alert(1)",
  "http://loopback.example.com/mcp",
];

let key: string;
let orgId: string;
beforeAll(async () => {
  delete process.env.WARDEN_ALLOW_PRIVATE_UPSTREAMS;
  const account = await makeAccount("ssrf");
  orgId = account.org.id;
  key = (await makeApiKey(orgId, "admin")).token;
});

const register = (url: string) =>
  registerRoute(
    new Request("http://localhost/api/v1/servers", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ name: `ssrf ${url}`.slice(0, 64), transport: "http", url }),
    }),
    { params: Promise.resolve({}) },
  );

describe("SSRF guard", () => {
  test(`the table holds at least 40 spellings (${internalUrls.length})`, () => {
    expect(internalUrls.length).toBeGreaterThanOrEqual(40);
  });

  test.each(internalUrls)("registering %s is refused at /url and stores nothing", async (url) => {
    const response = await register(url);
    expect(response.status).toBe(422);
    expect((await response.json()).error.pointer).toBe("/url");
    expect(await db.mcpServer.count({ where: { orgId } })).toBe(0);
  });

  test.each(internalUrls.filter((u) => u.startsWith("http")))("connecting to %s is refused by the upstream client", async (url) => {
    await expect(listUpstreamTools({ transport: "http", url })).rejects.toThrow(/refus|not allowed|must not|forbidden|resolves/i);
  });

  describe("against a real server on 127.0.0.1", () => {
    let mlflow: MlflowHttpHandle;
    beforeAll(async () => {
      mlflow = await startMlflowHttpServer({ port: 0 });
    });
    afterAll(async () => mlflow?.close());

    test("a name that resolves to 127.0.0.1 is refused, and the upstream is never reached", async () => {
      const url = mlflow.url.replace("127.0.0.1", "loopback.example.com");
      const response = await register(url);
      expect(response.status).toBe(422);
      expect((await response.json()).error.message).toMatch(/127\.0\.0\.1/);
      expect(mlflow.requests).toHaveLength(0);
    });

    test("a name that re-resolves to 127.0.0.1 after registration is refused when connecting", async () => {
      dnsAnswers.rebindLookups = 0;
      const url = mlflow.url.replace("127.0.0.1", "rebind.example.com");
      const response = await register(url);
      expect(response.status).toBe(422);
      expect((await response.json()).error.message).toMatch(/Could not connect.*127\.0\.0\.1/s);
      expect(dnsAnswers.rebindLookups).toBeGreaterThanOrEqual(2);
      expect(mlflow.requests).toHaveLength(0);
    });

    test("a stored server whose name now resolves to 127.0.0.1: the sync is refused and recorded", async () => {
      const server = await db.mcpServer.create({ data: { orgId, name: "stored", transport: "http", url: mlflow.url.replace("127.0.0.1", "loopback.example.com") } });
      const outcome = await syncServer(orgId, server.id);
      expect(outcome.ok).toBe(false);
      expect(outcome.server).toMatchObject({ status: "error", statusMessage: expect.stringMatching(/127\.0\.0\.1/) });
      expect(mlflow.requests).toHaveLength(0);
      await db.mcpServer.delete({ where: { id: server.id } });
    });
  });
});
