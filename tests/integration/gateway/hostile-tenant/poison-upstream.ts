// A tiny MCP server (Streamable HTTP, plain JSON answers) that organization A registers to poison
// the audit through what an upstream says: its error texts hold NUL, lone surrogates and
// megabytes. At /mcp it lists five tools; at /mcp-list-fails its tools/list answers with such an
// error instead, so a call the catalog does not know becomes an upstream_error with that text.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** NUL, both lone surrogates, a backslash, a valid pair, a reversed pair and 300,000 characters of them. */
export const LIST_ERROR = `tools/list failed: \u0000 \ud800 \udfff \\ 😀 \udc00\ud83d ${"\u0000\ud800x".repeat(100_000)}`;
/** An HTTP 500 body whose first 500 characters (what the gateway keeps) end in half of a pair. */
export const HTTP_ERROR_BODY = `boom\u0000${"x".repeat(494)}😀 and more`;
/** A JSON-RPC error whose code is a string of unstorable characters (it reaches upstreamOutcome). */
export const RPC_ERROR = { code: "\u0000\ud800", message: "rpc \u0000 \udfff" };

export const POISON_TOOLS = [
  { name: "echo", description: "Echoes its arguments", inputSchema: { type: "object" } },
  { name: "strict", description: "Takes only numbers", inputSchema: { type: "object", additionalProperties: { type: "number" } } },
  { name: "http_fail", description: "Answers HTTP 500", inputSchema: { type: "object" } },
  { name: "rpc_fail", description: "Answers a JSON-RPC error", inputSchema: { type: "object" } },
  { name: "refused", description: "Denied by A's policy", inputSchema: { type: "object" } },
];

type Rpc = { jsonrpc: "2.0"; id?: string | number; method: string; params?: { name?: string; arguments?: unknown; protocolVersion?: string } };

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function answer(res: ServerResponse, id: Rpc["id"], outcome: { result: unknown } | { error: unknown }): void {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ jsonrpc: "2.0", id, ...outcome }));
}

function serve(message: Rpc, listFails: boolean, res: ServerResponse): void {
  const { id, method, params } = message;
  if (method === "initialize") {
    return answer(res, id, { result: { protocolVersion: params?.protocolVersion ?? "2025-06-18", capabilities: { tools: {} }, serverInfo: { name: "poison", version: "1.0.0" } } });
  }
  if (method === "tools/list") return answer(res, id, listFails ? { error: { code: -32603, message: LIST_ERROR } } : { result: { tools: POISON_TOOLS } });
  if (method === "tools/call" && params?.name === "http_fail") {
    res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
    return void res.end(HTTP_ERROR_BODY);
  }
  if (method === "tools/call" && params?.name === "rpc_fail") return answer(res, id, { error: RPC_ERROR });
  if (method === "tools/call") return answer(res, id, { result: { content: [{ type: "text", text: JSON.stringify(params?.arguments ?? {}) }] } });
  if (method === "ping") return answer(res, id, { result: {} });
  answer(res, id, { error: { code: -32601, message: "Method not found" } });
}

export async function startPoisonUpstream(): Promise<{ url: string; listFailsUrl: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.method !== "POST") return void res.writeHead(405).end();
    void bodyOf(req).then((text) => {
      const message = JSON.parse(text) as Rpc;
      if (message.id === undefined) return void res.writeHead(202).end();
      serve(message, req.url === "/mcp-list-fails", res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/mcp`,
    listFailsUrl: `${base}/mcp-list-fails`,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
