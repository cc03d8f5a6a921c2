// A small MCP server that uses the parts of MCP the MLflow stand-in does not: resources (with
// templates and subscriptions), completion, logging, progress, and server→client requests
// (elicitation and sampling). The passthrough test talks to it directly and through Warden; the
// cross-grant traffic test also runs it as a stdio server (`node --import tsx feature-server.ts --stdio`).
import { fileURLToPath } from "node:url";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import {
  CallToolRequestSchema, CompleteRequestSchema, CreateMessageResultSchema, ElicitResultSchema, GetPromptRequestSchema,
  ListPromptsRequestSchema, ListResourcesRequestSchema, ListResourceTemplatesRequestSchema, ListToolsRequestSchema,
  ReadResourceRequestSchema, SetLevelRequestSchema, SubscribeRequestSchema, UnsubscribeRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { startTestMcpServer } from "./test-mcp-server";

const tools = [
  { name: "slow_count", description: "Counts to three with progress and log messages.", inputSchema: { type: "object" as const, properties: {} } },
  { name: "ask_user", description: "Asks the user for a name (elicitation).", inputSchema: { type: "object" as const, properties: {} } },
  { name: "summarize", description: "Asks the client's model for a summary (sampling).", inputSchema: { type: "object" as const, properties: { text: { type: "string" } } } },
  { name: "ask_then_give_up", description: "Asks the user, then cancels the question after 300 ms.", inputSchema: { type: "object" as const, properties: {} } },
  { name: "touch_memo", description: "Changes the memo resource and tells subscribers.", inputSchema: { type: "object" as const, properties: {} } },
  {
    name: "tagged_work",
    description: "Logs, elicits and samples, each twice: tied to this call, and unasked (no related request); every message carries the tag.",
    inputSchema: { type: "object" as const, properties: { tag: { type: "string" } }, required: ["tag"] },
  },
  { name: "pause", description: "Waits `ms` milliseconds.", inputSchema: { type: "object" as const, properties: { ms: { type: "number" } } } },
];

export const FEATURE_SERVER_MAIN = fileURLToPath(import.meta.url);

type Extra = Parameters<Parameters<Server["setRequestHandler"]>[1]>[1];

/**
 * tagged_work: what a server does while working for one caller. "related" messages name the call
 * (on its response stream); "unrelated" ones do not (a server's standalone stream, or stdio, where
 * nothing ever does). Returns what became of each request: the answer or the refusal.
 */
async function taggedWork(server: Server, tag: string, extra: Extra): Promise<string> {
  const log = (how: string) => ({ method: "notifications/message" as const, params: { level: "info" as const, data: `${tag} ${how} log` } });
  await extra.sendNotification(log("related"));
  await server.notification(log("unrelated"));
  const elicit = (how: string) => ({ method: "elicitation/create" as const, params: { message: `${tag} ${how} question`, requestedSchema: { type: "object" as const, properties: { name: { type: "string" as const } } } } });
  const sample = (how: string) => ({ method: "sampling/createMessage" as const, params: { messages: [{ role: "user" as const, content: { type: "text" as const, text: `${tag} ${how} prompt` } }], maxTokens: 20 } });
  const outcome = (request: Promise<unknown>) => request.then((answer) => `answered ${JSON.stringify(answer)}`, (error: Error) => `refused (${error.message})`);
  const options = { timeout: 5_000 };
  const outcomes = [
    await outcome(extra.sendRequest(elicit("related"), ElicitResultSchema, options)),
    await outcome(server.request(elicit("unrelated"), ElicitResultSchema, options)),
    await outcome(extra.sendRequest(sample("related"), CreateMessageResultSchema, options)),
    await outcome(server.request(sample("unrelated"), CreateMessageResultSchema, options)),
  ];
  return outcomes.join("\n");
}

function createFeatureServer(state: { memo: string; subscribers: Set<Server> }): Server {
  const server = new Server({ name: "features", version: "1.0.0" }, {
    capabilities: { tools: {}, prompts: {}, resources: { subscribe: true }, logging: {}, completions: {} },
  });
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const token = request.params._meta?.progressToken;
    switch (request.params.name) {
      case "slow_count":
        for (let i = 1; i <= 3; i++) {
          if (token !== undefined) await extra.sendNotification({ method: "notifications/progress", params: { progressToken: token, progress: i, total: 3 } });
          await extra.sendNotification({ method: "notifications/message", params: { level: "info", data: `step ${i}` } });
        }
        return { content: [{ type: "text", text: "counted to 3" }] };
      case "ask_user": {
        const answer = await extra.sendRequest({ method: "elicitation/create", params: { message: "Your name?", requestedSchema: { type: "object", properties: { name: { type: "string" } } } } }, ElicitResultSchema);
        return { content: [{ type: "text", text: `elicited: ${JSON.stringify(answer.content)}` }] };
      }
      case "summarize": {
        const answer = await extra.sendRequest({ method: "sampling/createMessage", params: { messages: [{ role: "user", content: { type: "text", text: String(request.params.arguments?.text) } }], maxTokens: 20 } }, CreateMessageResultSchema);
        return { content: [{ type: "text", text: `sampled: ${answer.content.type === "text" ? answer.content.text : "?"}` }] };
      }
      case "ask_then_give_up": {
        const outcome = await extra
          .sendRequest({ method: "elicitation/create", params: { message: "Slow question?", requestedSchema: { type: "object", properties: {} } } }, ElicitResultSchema, { signal: AbortSignal.timeout(300) })
          .then(() => "answered", () => "gave up");
        return { content: [{ type: "text", text: outcome }] };
      }
      case "touch_memo":
        state.memo = `memo changed at ${new Date().toISOString()}`;
        await Promise.allSettled([...state.subscribers].map((s) => s.sendResourceUpdated({ uri: "memo://current" })));
        return { content: [{ type: "text", text: "touched" }] };
      case "tagged_work":
        return { content: [{ type: "text", text: await taggedWork(server, String(request.params.arguments?.tag), extra) }] };
      case "pause":
        await new Promise((resolve) => setTimeout(resolve, Number(request.params.arguments?.ms ?? 0)));
        return { content: [{ type: "text", text: "paused" }] };
    }
    throw new Error("unknown tool");
  });
  server.setRequestHandler(ListPromptsRequestSchema, () => ({ prompts: [{ name: "greet", description: "Greets", arguments: [{ name: "who", required: true }] }] }));
  server.setRequestHandler(GetPromptRequestSchema, (request) => ({ messages: [{ role: "user", content: { type: "text", text: `Hello ${request.params.arguments?.who}` } }] }));
  server.setRequestHandler(ListResourcesRequestSchema, () => ({ resources: [{ uri: "memo://current", name: "memo", mimeType: "text/plain" }] }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({ resourceTemplates: [{ uriTemplate: "memo://notes/{id}", name: "note" }] }));
  server.setRequestHandler(ReadResourceRequestSchema, (request) => ({ contents: [{ uri: request.params.uri, mimeType: "text/plain", text: request.params.uri === "memo://current" ? state.memo : `note ${request.params.uri}` }] }));
  server.setRequestHandler(SubscribeRequestSchema, () => (state.subscribers.add(server), {}));
  server.setRequestHandler(UnsubscribeRequestSchema, () => (state.subscribers.delete(server), {}));
  server.setRequestHandler(CompleteRequestSchema, (request) => ({ completion: { values: ["alice", "albert"].filter((v) => v.startsWith(request.params.argument.value)), hasMore: false } }));
  server.setRequestHandler(SetLevelRequestSchema, () => ({}));
  return server;
}

export async function startFeatureServer() {
  const state = { memo: "the first memo", subscribers: new Set<Server>() };
  return startTestMcpServer({ create: () => createFeatureServer(state) });
}

if (process.argv.includes("--stdio") && process.argv[1] === FEATURE_SERVER_MAIN) {
  const server = createFeatureServer({ memo: "the first memo", subscribers: new Set() });
  await server.connect(new StdioServerTransport());
}
