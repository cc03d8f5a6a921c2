// A small MCP server with resources, resource templates, prompts, completion and subscriptions,
// some of them secret, that records every request it serves: the resources-under-policy test
// checks that what the policy refuses never reaches it.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import {
  CompleteRequestSchema, ErrorCode, GetPromptRequestSchema, ListPromptsRequestSchema, ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema, ListToolsRequestSchema, McpError, ReadResourceRequestSchema, SubscribeRequestSchema,
  UnsubscribeRequestSchema, isInitializeRequest,
} from "@modelcontextprotocol/sdk/types.js";

export const RESOURCES = [
  { uri: "mlflow://experiments/1", name: "experiment 1" },
  { uri: "mlflow://experiments/2", name: "experiment 2" },
  { uri: "mlflow://models/churn", name: "churn model" },
  { uri: "secret://keys/root", name: "root key" },
];
export const TEMPLATES = [
  { uriTemplate: "mlflow://experiments/{id}", name: "experiment" },
  { uriTemplate: "secret://keys/{name}", name: "key" },
];
export const PROMPTS = [
  { name: "greet", arguments: [{ name: "who", required: true }] },
  { name: "leak_secrets", arguments: [{ name: "key" }] },
];

/** What the server was asked, as "method target" lines (reads, gets, completions, subscriptions). */
export type Seen = string[];

function createResourceServer(seen: Seen): Server {
  const server = new Server({ name: "resources", version: "1.0.0" }, { capabilities: { tools: {}, prompts: {}, resources: { subscribe: true }, completions: {} } });
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [] }));
  server.setRequestHandler(ListResourcesRequestSchema, () => ({ resources: RESOURCES }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({ resourceTemplates: TEMPLATES }));
  server.setRequestHandler(ListPromptsRequestSchema, () => ({ prompts: PROMPTS }));
  server.setRequestHandler(ReadResourceRequestSchema, ({ params }) => {
    seen.push(`resources/read ${params.uri}`);
    return { contents: [{ uri: params.uri, mimeType: "text/plain", text: `contents of ${params.uri}` }] };
  });
  server.setRequestHandler(GetPromptRequestSchema, ({ params }) => {
    seen.push(`prompts/get ${params.name}`);
    if (!PROMPTS.some((p) => p.name === params.name)) throw new McpError(ErrorCode.InvalidParams, `Prompt ${params.name} not found`);
    return { messages: [{ role: "user", content: { type: "text", text: `${params.name}: ${JSON.stringify(params.arguments ?? {})}` } }] };
  });
  server.setRequestHandler(CompleteRequestSchema, ({ params }) => {
    seen.push(`completion/complete ${params.ref.type === "ref/prompt" ? params.ref.name : params.ref.uri}`);
    return { completion: { values: ["1", "2", "10"].filter((v) => v.startsWith(params.argument.value)), hasMore: false } };
  });
  server.setRequestHandler(SubscribeRequestSchema, ({ params }) => (seen.push(`resources/subscribe ${params.uri}`), {}));
  server.setRequestHandler(UnsubscribeRequestSchema, () => ({}));
  return server;
}

export async function startResourceServer() {
  const seen: Seen = [];
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : undefined;
    const id = req.headers["mcp-session-id"];
    const existing = typeof id === "string" ? sessions.get(id) : undefined;
    if (existing) return existing.handleRequest(req, res, body);
    if (!isInitializeRequest(body)) return void res.writeHead(404).end();
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({ sessionIdGenerator: randomUUID, onsessioninitialized: (sid) => void sessions.set(sid, transport) });
    await createResourceServer(seen).connect(transport);
    await transport.handleRequest(req, res, body);
  };
  const http = createServer((req, res) => void handle(req, res).catch(() => res.writeHead(500).end()));
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    seen,
    close: async () => {
      await Promise.allSettled([...sessions.values()].map((t) => t.close()));
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}
