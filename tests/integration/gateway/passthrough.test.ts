// Everything MCP has besides tools passes through the gateway in both directions: prompts,
// resources (templates, subscriptions), completion, logging, progress, and server→client
// requests (elicitation, sampling). The same script runs directly and through Warden, and the
// transcripts must match.
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  CreateMessageRequestSchema, ElicitRequestSchema, LoggingMessageNotificationSchema, ResourceUpdatedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { makeSetup, removeTestData } from "./fixtures";
import { startFeatureServer } from "./feature-server";
import { connectAgent, connectDirect, startTestGateway, textOf } from "./harness";

let upstream: Awaited<ReturnType<typeof startFeatureServer>>;
let gateway: Awaited<ReturnType<typeof startTestGateway>>;

beforeAll(async () => {
  upstream = await startFeatureServer();
  gateway = await startTestGateway();
});
afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
  await removeTestData();
});

const capabilities = { capabilities: { elicitation: {}, sampling: {} } };

function instrument(client: Client) {
  const logs: unknown[] = [];
  const updates: string[] = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs.push(n.params.data));
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updates.push(n.params.uri));
  client.setRequestHandler(ElicitRequestSchema, (request) => ({ action: "accept", content: { name: `Ada (asked: ${request.params.message})` } }));
  client.setRequestHandler(CreateMessageRequestSchema, () => ({ role: "assistant", content: { type: "text", text: "short" }, model: "test-model" }));
  return { logs, updates };
}

async function transcript(client: Client) {
  const seen = instrument(client);
  const progress: number[] = [];
  const out: Record<string, unknown> = {
    prompts: await client.listPrompts(),
    prompt: await client.getPrompt({ name: "greet", arguments: { who: "Ada" } }),
    resources: await client.listResources(),
    templates: await client.listResourceTemplates(),
    read: await client.readResource({ uri: "memo://notes/7" }),
    completion: await client.complete({ ref: { type: "ref/prompt", name: "greet" }, argument: { name: "who", value: "al" } }),
    setLevel: await client.setLoggingLevel("debug"),
  };
  out.count = textOf(await client.callTool({ name: "slow_count", arguments: {} }, undefined, { onprogress: (p) => void progress.push(p.progress) }));
  out.progress = progress;
  out.logs = seen.logs;
  out.elicited = textOf(await client.callTool({ name: "ask_user", arguments: {} }));
  out.sampled = textOf(await client.callTool({ name: "summarize", arguments: { text: "a long text" } }));
  await client.subscribeResource({ uri: "memo://current" });
  await client.callTool({ name: "touch_memo", arguments: {} });
  await vi.waitFor(() => expect(seen.updates).toContain("memo://current"), { timeout: 5_000 });
  out.updates = [...new Set(seen.updates)];
  out.ping = await client.ping();
  return out;
}

test("prompts, resources, completion, logging, progress, elicitation and sampling work through Warden as they do directly", async () => {
  const setup = await makeSetup({ transport: "http", url: upstream.url }, { version: "1", default: "allow" });
  const direct = await connectDirect(upstream.url, capabilities);
  const expected = await transcript(direct);
  const agent = await connectAgent(gateway.url, setup.server.id, setup.token, { capabilities });
  const actual = await transcript(agent);
  expect(expected.progress).toEqual([1, 2, 3]);
  expect(expected.logs).toEqual(["step 1", "step 2", "step 3"]);
  expect(actual).toEqual(expected);
  expect(agent.getServerVersion()).toEqual(direct.getServerVersion());
  await direct.close();
  await agent.close();
});

test("an upstream's cancellation of its own request to the agent reaches the agent", async () => {
  const setup = await makeSetup({ transport: "http", url: upstream.url }, { version: "1", default: "allow" });
  const agent = await connectAgent(gateway.url, setup.server.id, setup.token, { capabilities });
  let cancelled = false;
  agent.setRequestHandler(ElicitRequestSchema, (_request, extra) =>
    new Promise((resolve) => extra.signal.addEventListener("abort", () => {
      cancelled = true;
      resolve({ action: "cancel" });
    })),
  );
  expect(textOf(await agent.callTool({ name: "ask_then_give_up", arguments: {} }))).toBe("gave up");
  await vi.waitFor(() => expect(cancelled).toBe(true));
  await agent.close();
});

test("a client that declared no elicitation gets a clear refusal instead of a hang", async () => {
  const setup = await makeSetup({ transport: "http", url: upstream.url }, { version: "1", default: "allow" });
  const agent = await connectAgent(gateway.url, setup.server.id, setup.token);
  await expect(agent.callTool({ name: "ask_user", arguments: {} })).rejects.toThrow(/cannot answer elicitation\/create/);
  await agent.close();
});
