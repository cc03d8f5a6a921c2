// Organization A opens GET streams and never reads them while its upstream floods them; then its
// grant is rotated and a session deleted while the sockets are backed up. The gateway worker (its
// own process) must cut off a reader past its backlog, never write after a stream ended, never
// crash, and keep serving organization B throughout.
import { connect, type Socket } from "node:net";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { rotateGrant } from "@/lib/data/grants";
import { makeSetup, removeTestData } from "../fixtures";
import { connectAgent, startStandin } from "../harness";
import { startTestMcpServer } from "../test-mcp-server";
import { startWorkerProcess, type WorkerProcess } from "../worker-process";
import { BYSTANDER_POLICY, startBystander } from "./bystander";

const floodTool = { name: "flood", description: "Sends `count` log messages of `bytes` characters to every agent, spread over `spreadMs`.", inputSchema: { type: "object" as const, properties: {} } };

/** A real MCP server whose one tool makes it send log messages unrelated to any request (they reach agents' GET streams). */
function startFloodServer() {
  const create = () => {
    const server = new Server({ name: "flood", version: "1.0.0" }, { capabilities: { tools: {}, logging: {} } });
    server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [floodTool] }));
    server.setRequestHandler(CallToolRequestSchema, (request) => {
      const { count = 64, bytes = 256 * 1024, spreadMs = 0 } = (request.params.arguments ?? {}) as { count?: number; bytes?: number; spreadMs?: number };
      const data = "f".repeat(bytes);
      for (let i = 0; i < count; i++) {
        setTimeout(() => void server.notification({ method: "notifications/message", params: { level: "info", data } }).catch(() => undefined), (spreadMs * i) / count);
      }
      return { content: [{ type: "text", text: `sending ${count}` }] };
    });
    return server;
  };
  return startTestMcpServer({ create });
}

type Tenant = { server: { id: string }; token: string };

/**
 * A session whose client declares roots: it gets an upstream connection of its own, so what that
 * upstream sends unasked (the flood's log messages) is this session's and goes to its GET stream.
 */
async function initialize(worker: WorkerProcess, tenant: Tenant): Promise<string> {
  const res = await fetch(`${worker.url}/mcp/${tenant.server.id}`, {
    method: "POST",
    headers: { authorization: `Bearer ${tenant.token}`, "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: { roots: {} }, clientInfo: { name: "slow", version: "1" } } }),
  });
  await res.json();
  expect(res.status).toBe(200);
  return res.headers.get("mcp-session-id")!;
}

/** A GET stream on a raw socket that stops reading once the response headers arrived. */
async function slowReader(worker: WorkerProcess, tenant: Tenant, sessionId: string): Promise<{ socket: Socket; status: number }> {
  const socket = connect(worker.port, "127.0.0.1");
  socket.on("error", () => undefined); // the gateway may reset it: that is the point
  socket.write(`GET /mcp/${tenant.server.id} HTTP/1.1\r\nHost: 127.0.0.1:${worker.port}\r\nAuthorization: Bearer ${tenant.token}\r\nAccept: text/event-stream\r\nMcp-Session-Id: ${sessionId}\r\n\r\n`);
  const head = await new Promise<string>((resolve) => socket.once("data", (chunk: Buffer) => resolve(chunk.toString("latin1"))));
  socket.pause();
  return { socket, status: Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1]) };
}

/** Reads what is left on a socket until the gateway closes it; returns the bytes read. */
function drain(socket: Socket): Promise<number> {
  let bytes = 0;
  socket.on("data", (chunk: Buffer) => (bytes += chunk.length));
  const closed = new Promise<number>((resolve) => socket.once("close", () => resolve(bytes)));
  socket.resume();
  return closed;
}

/** Calls the flood tool in `sessionId`, whose upstream connection then sends the messages to that session's stream. */
async function flood(worker: WorkerProcess, tenant: Tenant, sessionId: string, args: Record<string, number>): Promise<void> {
  const res = await fetch(`${worker.url}/mcp/${tenant.server.id}`, {
    method: "POST",
    headers: { authorization: `Bearer ${tenant.token}`, "content-type": "application/json", accept: "application/json", "mcp-session-id": sessionId },
    body: JSON.stringify({ jsonrpc: "2.0", id: 9, method: "tools/call", params: { name: "flood", arguments: args } }),
  });
  expect(((await res.json()) as { result?: unknown }).result).toBeDefined();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let standin: Awaited<ReturnType<typeof startStandin>>;
let floodServer: Awaited<ReturnType<typeof startFloodServer>>;
let worker: WorkerProcess | undefined;
const sockets: Socket[] = [];

beforeAll(async () => {
  standin = await startStandin();
  floodServer = await startFloodServer();
});
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await worker?.stop();
  worker = undefined;
});
afterAll(async () => {
  await floodServer?.close();
  await standin?.close();
  await removeTestData();
});

describe("a GET stream whose reader stops", () => {
  test("is cut off once its backlog passes GATEWAY_STREAM_BACKLOG_BYTES, and its session may open a new one", async () => {
    worker = await startWorkerProcess({ GATEWAY_STREAM_BACKLOG_BYTES: String(1024 * 1024) });
    const a = await makeSetup({ transport: "http", url: floodServer.url }, BYSTANDER_POLICY);
    const sessionId = await initialize(worker, a);
    const reader = await slowReader(worker, a, sessionId);
    sockets.push(reader.socket);
    expect(reader.status).toBe(200);

    const sentBytes = 128 * 256 * 1024; // 32 MB towards a reader that reads nothing
    await flood(worker, a, sessionId, { count: 128, bytes: 256 * 1024 });
    await sleep(2_000);
    const received = await drain(reader.socket);
    // It got what the kernel's socket buffers hold plus the backlog, then the gateway closed the stream.
    expect(received).toBeLessThan(sentBytes / 2);

    const again = await slowReader(worker, a, sessionId);
    sockets.push(again.socket);
    expect(again.status).toBe(200);
    expect(worker.child.exitCode).toBeNull();
  });
});

describe("slow readers, a grant rotation and a DELETE together", () => {
  test("the worker never writes after a stream ended, never crashes, and serves B (and A's new token) throughout", async () => {
    // A backlog bound above the flood, so the streams are still backed up when they are closed;
    // a keep-alive every 100 ms, so a timer left running would write after the end at once.
    worker = await startWorkerProcess({ GATEWAY_STREAM_BACKLOG_BYTES: String(64 * 1024 * 1024), GATEWAY_STREAM_KEEPALIVE_MS: "100" });
    const b = await startBystander(worker.url, standin.url);
    const a = await makeSetup({ transport: "http", url: floodServer.url }, BYSTANDER_POLICY);
    b.start();

    const sessionIds = [await initialize(worker, a), await initialize(worker, a), await initialize(worker, a)];
    for (const id of sessionIds) sockets.push((await slowReader(worker, a, id)).socket);
    for (const id of sessionIds) await flood(worker, a, id, { count: 16, bytes: 256 * 1024 });
    await sleep(1_000);

    // More messages keep coming while session 0 is deleted and the grant (sessions 1 and 2) is rotated.
    for (const id of sessionIds) await flood(worker, a, id, { count: 16, bytes: 64 * 1024, spreadMs: 1_500 });
    const [deleted, rotated] = await Promise.all([
      fetch(`${worker.url}/mcp/${a.server.id}`, { method: "DELETE", headers: { authorization: `Bearer ${a.token}`, "mcp-session-id": sessionIds[0]! } }),
      rotateGrant(a.orgId, a.grant.id),
    ]);
    expect([200, 401]).toContain(deleted.status); // 401 when the rotation reached the worker first
    await sleep(2_500); // 25 keep-alive periods, and the rest of the flood

    expect(worker.child.exitCode).toBeNull();
    expect(worker.output()).not.toMatch(/crashed|write after end|error on a response/i);
    const report = await b.stop();
    console.info(`[slow-reader] B served ${report.served}/${report.total}, latency p50 ${report.latencyMsP50.toFixed(1)} ms, max ${report.latencyMsMax.toFixed(1)} ms`);
    expect(report.failures).toEqual([]);
    expect(report.served).toBeGreaterThan(0);
    expect(await b.auditedCalls(report.total)).toBe(report.total);

    const oldToken = await fetch(`${worker.url}/mcp/${a.server.id}`, {
      method: "POST", headers: { authorization: `Bearer ${a.token}`, "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
    });
    expect(oldToken.status).toBe(401);
    const renewed = await connectAgent(worker.url, a.server.id, rotated.token);
    expect((await renewed.callTool({ name: "flood", arguments: { count: 1, bytes: 10 } })).isError).toBeFalsy();
    await renewed.close();
    expect(worker.child.exitCode).toBeNull();
  });
});
