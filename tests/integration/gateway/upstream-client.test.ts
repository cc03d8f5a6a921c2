// lib/upstream on its own, as the control plane's "test connection & import" uses it: Streamable
// HTTP, the fallback to the old HTTP+SSE transport, stdio, and the SSRF guard refusing private
// addresses unless they are allowed.
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createGuardedAgents } from "@/lib/net/guarded-agents";
import { createGuardedFetch } from "@/lib/net/guarded-fetch";
import { UnsafeUrlError } from "@/lib/net/url-guard";
import { connectUpstream, listAllTools, UpstreamUnavailableError } from "@/lib/upstream";
import { createMlflowMcpServer } from "@/tests/fixtures/mlflow-mcp/index";
import { STANDIN_MAIN } from "./fixtures";
import { startStandin, textOf } from "./harness";

const allow = { policy: { allowPrivate: true } };
let standin: Awaited<ReturnType<typeof startStandin>>;
let legacy: HttpServer;
let legacyUrl: string;

/** A server that speaks only the 2024-11-05 HTTP+SSE transport (GET /sse, POST /messages). */
async function startLegacySseServer(): Promise<void> {
  const transports = new Map<string, SSEServerTransport>();
  legacy = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (req.method === "GET" && url.pathname === "/sse") {
      const transport = new SSEServerTransport("/messages", res);
      transports.set(transport.sessionId, transport);
      void createMlflowMcpServer().connect(transport);
      return;
    }
    const transport = transports.get(url.searchParams.get("sessionId") ?? "");
    if (req.method === "POST" && url.pathname === "/messages" && transport) return void transport.handlePostMessage(req, res);
    res.writeHead(405).end();
  });
  await new Promise<void>((resolve) => legacy.listen(0, "127.0.0.1", resolve));
  legacyUrl = `http://127.0.0.1:${(legacy.address() as AddressInfo).port}/sse`;
}

beforeAll(async () => {
  standin = await startStandin();
  await startLegacySseServer();
});
afterAll(async () => {
  await standin?.close();
  legacy?.closeAllConnections();
  await new Promise((resolve) => legacy?.close(resolve));
});

describe("connectUpstream", () => {
  test("Streamable HTTP: initialize, list all tools, call one", async () => {
    const connection = await connectUpstream({ transport: "http", url: standin.url }, allow);
    expect(connection.transport.kind).toBe("streamable-http");
    expect(connection.initializeResult.serverInfo.name).toBe("mlflow");
    expect(await listAllTools(connection)).toHaveLength(40);
    expect(textOf(await connection.request("tools/call", { name: "get_experiments", arguments: {} }))).toContain("churn-prediction");
    await connection.close();
  });

  test("a server that refuses the Streamable HTTP POST is reached over HTTP+SSE", async () => {
    const connection = await connectUpstream({ transport: "http", url: legacyUrl }, allow);
    expect(connection.transport.kind).toBe("sse");
    expect(await listAllTools(connection)).toHaveLength(40);
    expect(textOf(await connection.request("tools/call", { name: "get_experiments", arguments: {} }))).toContain("churn-prediction");
    await connection.close();
  });

  test("stdio: a child process, only when allowed", async () => {
    const config = { transport: "stdio" as const, command: process.execPath, args: ["--import", "tsx", STANDIN_MAIN, "--stdio"] };
    await expect(connectUpstream(config, allow)).rejects.toThrow(UpstreamUnavailableError);
    const connection = await connectUpstream(config, { ...allow, allowStdio: true });
    expect(connection.transport.kind).toBe("stdio");
    expect(await listAllTools(connection)).toHaveLength(40);
    await connection.close();
  });

  test("private addresses are refused unless allowed, before any connection", async () => {
    const before = standin.requests.length;
    await expect(connectUpstream({ transport: "http", url: standin.url }, { policy: { allowPrivate: false } })).rejects.toThrow(UnsafeUrlError);
    await expect(connectUpstream({ transport: "http", url: `http://localhost:${standin.port}/mcp` }, { policy: { allowPrivate: false } })).rejects.toThrow(/reserved for local/);
    const strict = { allowPrivate: false };
    const fetchGuarded = createGuardedFetch(strict, createGuardedAgents(strict));
    await expect(fetchGuarded(`http://[::ffff:127.0.0.1]:${standin.port}/mcp`)).rejects.toThrow(UnsafeUrlError);
    expect(standin.requests.length).toBe(before);
  });

  test("an unreachable server fails with a clear error", async () => {
    await expect(connectUpstream({ transport: "http", url: "http://127.0.0.1:1/mcp" }, allow)).rejects.toThrow(/Cannot reach the upstream server/);
  });
});
