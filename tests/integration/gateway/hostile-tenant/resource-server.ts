// A small MCP server with resources, resource templates, prompts, completion and subscriptions,
// some of them secret, that records every request it serves: the resources-under-policy test
// checks that what the policy refuses never reaches it.
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CompleteRequestSchema, ErrorCode, GetPromptRequestSchema, ListPromptsRequestSchema, ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema, ListToolsRequestSchema, McpError, ReadResourceRequestSchema, SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { startTestMcpServer } from "../test-mcp-server";

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
  return { seen, ...(await startTestMcpServer({ create: () => createResourceServer(seen) })) };
}
