// lib/upstream on its own, as the control plane's "test connection & import" uses it: Streamable
// HTTP, the fallback to the old HTTP+SSE transport, stdio, and the SSRF guard refusing private
// addresses unless they are allowed. Then the ways an upstream can hang or break a pipe: none may
// hold a socket for ever, grow memory without bound, or throw an unhandled 'error'.
import { createServer, type IncomingMessage, type Server as HttpServer } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Socket } from "node:net";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { createGuardedAgents, socketCounts } from "@/lib/net/guarded-agents";
import { createGuardedFetch } from "@/lib/net/guarded-fetch";
import { UnsafeUrlError } from "@/lib/net/url-guard";
import { connectUpstream, listAllTools, UpstreamBusyError, UpstreamTimeoutError, UpstreamUnavailableError } from "@/lib/upstream";
import { maxStdinBacklogBytes, type StdioTransport } from "@/lib/upstream/stdio-transport";
import { createMlflowMcpServer } from "@/tests/fixtures/mlflow-mcp/index";
import { STANDIN_MAIN } from "./fixtures";
import { startStandin, textOf } from "./harness";

const allow = { policy: { allowPrivate: true } };
let standin: Awaited<ReturnType<typeof startStandin>>;
let legacy: HttpServer;
let legacyUrl: string;
/** While on, the legacy server takes POSTs and never answers them; `heldPosts` are those still open. */
const legacyHang = { on: false, heldPosts: new Set<IncomingMessage>() };

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
    // Opens the event stream and never names the endpoint (its POST gets the 405 below).
    if (req.method === "GET" && url.pathname === "/silent-sse") return void res.writeHead(200, { "content-type": "text/event-stream" }).flushHeaders();
    const transport = transports.get(url.searchParams.get("sessionId") ?? "");
    if (req.method === "POST" && legacyHang.on) {
      legacyHang.heldPosts.add(req);
      req.socket.once("close", () => legacyHang.heldPosts.delete(req));
      return;
    }
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

// Stdio servers that answer initialize and then misbehave. The first stops reading its stdin.
const deafChild = `
  const rl = require("node:readline").createInterface({ input: process.stdin });
  rl.on("line", (line) => {
    const m = JSON.parse(line);
    if (m.method === "initialize") {
      const result = { protocolVersion: m.params.protocolVersion, capabilities: {}, serverInfo: { name: "deaf", version: "1" } };
      process.stdout.write(JSON.stringify({ jsonrpc: "2.0", id: m.id, result }) + "\\n");
    }
    if (m.method === "notifications/initialized") rl.close();
  });
  setInterval(() => undefined, 60_000);
`;
// The second closes its stdin (after initialize and notifications/initialized) and stays alive: writes fail with EPIPE.
const closingChild = `read line; printf '%s\\n' '{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-06-18","capabilities":{},"serverInfo":{"name":"closing","version":"1"}}}'; read line; exec 0<&-; sleep 30`;
const stdio = (command: string, args: string[]) => ({ transport: "stdio" as const, command, args });

// A server that answers in awkward pieces: every answer to the lines of one read in one write
// (with a line of junk between), and a large answer in 4 KB writes. The reader must split lines
// at every newline and join a line that spans many chunks.
const chunkyChild = `
  let partial = "";
  const answer = (m) => {
    if (m.method === "initialize") return { protocolVersion: m.params.protocolVersion, capabilities: {}, serverInfo: { name: "chunky", version: "1" } };
    const size = m.params.arguments.size;
    return { content: [{ type: "text", text: "y".repeat(size) }] };
  };
  process.stdin.setEncoding("utf8").on("data", async (chunk) => {
    const lines = (partial + chunk).split("\\n");
    partial = lines.pop();
    let out = "";
    for (const line of lines) {
      const m = JSON.parse(line);
      if (!("id" in m)) continue;
      const text = JSON.stringify({ jsonrpc: "2.0", id: m.id, result: answer(m) }) + "\\n";
      if (text.length < 100000) { out += text + "not json-rpc, a stray log line\\n"; continue; }
      for (let i = 0; i < text.length; i += 4096) {
        process.stdout.write(text.slice(i, i + 4096));
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    if (out) process.stdout.write(out);
  });
`;

describe("stdio answers in awkward pieces", () => {
  test("many answers in one chunk and one answer over hundreds of chunks are all read whole", async () => {
    const connection = await connectUpstream(stdio(process.execPath, ["-e", chunkyChild]), { ...allow, allowStdio: true });
    const sizes = [...Array.from({ length: 20 }, (_, i) => i + 1), 2 * 1024 * 1024, 7];
    const results = await Promise.all(sizes.map((size) => connection.request("tools/call", { name: "echo", arguments: { size } }, { timeoutMs: 20_000 })));
    expect(results.map((r) => textOf(r as never).length)).toEqual(sizes);
    await connection.close();
  });
});

describe("upstreams that hang or break the pipe", () => {
  test("stdio: a child that stops reading gets a bounded backlog, then clear refusals", async () => {
    const connection = await connectUpstream(stdio(process.execPath, ["-e", deafChild]), { ...allow, allowStdio: true });
    const transport = connection.transport as StdioTransport;
    const text = "x".repeat(1024 * 1024);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 30 }, () => connection.request("tools/call", { name: "echo", arguments: { text } }, { timeoutMs: 1_000 })),
    );
    const refused = outcomes.filter((o) => o.status === "rejected" && /not reading its input/.test((o.reason as Error).message));
    const timedOut = outcomes.filter((o) => o.status === "rejected" && o.reason instanceof UpstreamTimeoutError);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.length + timedOut.length).toBe(30);
    // One message may go past the bound (it is written whole); nothing else is buffered.
    expect(transport.backlogBytes).toBeLessThanOrEqual(maxStdinBacklogBytes + text.length + 1024);
    process.kill(transport.pid!, "SIGKILL");
    await vi.waitFor(() => expect(connection.isClosed).toBe(true));
    await expect(connection.request("tools/list", undefined)).rejects.toThrow(/killed/);
  });

  test("stdio: a child that closes its stdin (EPIPE) fails the request, and nothing is thrown unhandled", async () => {
    const connection = await connectUpstream(stdio("sh", ["-c", closingChild]), { ...allow, allowStdio: true });
    // A line written before the child closed its end is lost without an error; the next write breaks.
    await vi.waitFor(async () => {
      await expect(connection.request("tools/list", undefined, { timeoutMs: 200 })).rejects.toThrow(/closed its input \(write EPIPE\); it was stopped/);
    }, { timeout: 10_000 });
    expect(connection.isClosed).toBe(true);
    await connection.close();
  });

  test("HTTP+SSE: a POST the server holds is aborted at the timeout, and the cancel has a deadline of its own", async () => {
    const agents = createGuardedAgents(allow.policy);
    const connection = await connectUpstream({ transport: "http", url: legacyUrl }, { ...allow, agents });
    expect(connection.transport.kind).toBe("sse");
    legacyHang.on = true;
    try {
      await expect(connection.request("tools/call", { name: "get_experiments", arguments: {} }, { timeoutMs: 300 })).rejects.toThrow(UpstreamTimeoutError);
      // The request's POST is aborted at once; the cancel's POST, held too, within its own bound.
      await vi.waitFor(() => expect(legacyHang.heldPosts.size).toBe(0), { timeout: 10_000, interval: 100 });
      expect(socketCounts(agents).busy).toBe(1); // the GET stream
    } finally {
      legacyHang.on = false;
    }
    expect(await listAllTools(connection)).toHaveLength(40);
    await connection.close();
    agents.destroy();
  });

  test("HTTP+SSE: a stream that never names its endpoint fails at the timeout", async () => {
    const url = legacyUrl.replace(/\/sse$/, "/silent-sse");
    await expect(connectUpstream({ transport: "http", url }, { ...allow, timeoutMs: 300 })).rejects.toThrow(/SSE fallback failed too: .*no endpoint within 0.3 s/);
  });

  test("a server that accepts TCP and never completes TLS fails at the connect timeout", async () => {
    const held = new Set<Socket>();
    const silent = createTcpServer((socket) => {
      socket.resume();
      held.add(socket);
      socket.once("close", () => held.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const agents = createGuardedAgents(allow.policy, { connectTimeoutMs: 300 });
    const url = `https://127.0.0.1:${(silent.address() as AddressInfo).port}/mcp`;
    await expect(connectUpstream({ transport: "http", url }, { ...allow, agents, timeoutMs: 30_000 })).rejects.toThrow(/no connection within 0.3 s/);
    await vi.waitFor(() => expect(held.size).toBe(0));
    agents.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  test("requests beyond the pending bound are refused at once; slots come back when the waiting ones time out", async () => {
    const connection = await connectUpstream({ transport: "http", url: standin.url }, { ...allow, maxPendingRequests: 3 });
    standin.setDelay(Number.POSITIVE_INFINITY, ["get_experiments"]);
    try {
      const call = () => connection.request("tools/call", { name: "get_experiments", arguments: {} }, { timeoutMs: 500 });
      const outcomes = await Promise.allSettled(Array.from({ length: 5 }, call));
      const reasons = outcomes.map((o) => (o.status === "rejected" ? (o.reason as Error).constructor : undefined));
      expect(reasons).toEqual([UpstreamTimeoutError, UpstreamTimeoutError, UpstreamTimeoutError, UpstreamBusyError, UpstreamBusyError]);
    } finally {
      standin.setDelay(0);
    }
    expect(textOf(await connection.request("tools/call", { name: "get_experiments", arguments: {} }))).toContain("churn-prediction");
    await connection.close();
  });

  test("idle pooled sockets are closed after the idle timeout", async () => {
    const agents = createGuardedAgents(allow.policy, { idleTimeoutMs: 200 });
    const connection = await connectUpstream({ transport: "http", url: standin.url }, { ...allow, agents });
    await Promise.all(Array.from({ length: 5 }, () => connection.request("tools/call", { name: "get_experiments", arguments: {} })));
    expect(socketCounts(agents).idle).toBeGreaterThan(0);
    await vi.waitFor(() => expect(socketCounts(agents).idle).toBe(0), { timeout: 5_000, interval: 50 });
    await connection.close();
    agents.destroy();
  });
});
