// Every snippet the grant page shows, pasted as shown, works: the URL and header of each go through
// a real MCP SDK client → the gateway → the MLflow stand-in. Then: a held call is approved in the
// control plane and the client gets its result; revoking the grant turns the token away within 1 s.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { grantSnippets, parseClaudeCodeCommand } from "@/components/grants/snippets";
import { decideApproval, listApprovals } from "@/lib/data/approvals";
import { createGrantFor, revokeGrantFor } from "@/lib/data/grant-lifecycle";
import { getGrantView } from "@/lib/data/grant-views";
import { db } from "@/lib/db";
import type { RunningGateway } from "@/gateway/gateway";
import { makeServer, SEED_POLICY } from "./gateway/fixtures";
import { startStandin, startTestGateway, textOf } from "./gateway/harness";
import { createPolicy } from "@/lib/data/policies";
import { makeAccount } from "../helpers/factories";

let standin: Awaited<ReturnType<typeof startStandin>>;
let gateway: RunningGateway;

beforeAll(async () => {
  standin = await startStandin();
  gateway = await startTestGateway();
  process.env.GATEWAY_URL = gateway.url; // what the app shows in the snippets
});

afterAll(async () => {
  await gateway?.close();
  await standin?.close();
});

const policy = {
  ...SEED_POLICY,
  tools: {
    ...SEED_POLICY.tools,
    get_experiments: {},
    set_model_alias: { action: "require_approval", approval: { timeout: "1m", mode: "hold" } },
  },
};

async function setup() {
  const { org, userId } = await makeAccount("snippets");
  const server = await makeServer(org.id, { transport: "http", url: standin.url });
  const created = await createPolicy(org.id, { serverId: server.id, name: "Recommended", document: policy }, userId);
  const actor = { userId, apiKeyId: null };
  const grant = await createGrantFor(org.id, actor, { serverId: server.id, policyId: created.id, name: "Claude Code – Alice" });
  return { orgId: org.id, actor, server, grant };
}

/** URL + headers from each snippet, read the way its client reads it. */
function endpointsFrom(snippets: ReturnType<typeof grantSnippets>) {
  const byId = Object.fromEntries(snippets.map((s) => [s.id, s.text]));
  const desktop = Object.values(JSON.parse(byId["claude-desktop"]!).mcpServers)[0] as { args: string[] };
  const [name, ...value] = desktop.args[3]!.split(": ");
  const cursor = Object.values(JSON.parse(byId.cursor!).mcpServers)[0] as { url: string; headers: Record<string, string> };
  const vscode = Object.values(JSON.parse(byId.vscode!).servers)[0] as { type: string; url: string; headers: Record<string, string> };
  expect(vscode.type).toBe("http");
  return {
    "claude-code": parseClaudeCodeCommand(byId["claude-code"]!),
    "claude-desktop": { url: desktop.args[1]!, headers: { [name!]: value.join(": ") } },
    cursor: { url: cursor.url, headers: cursor.headers },
    vscode: { url: vscode.url, headers: vscode.headers },
    "secret-url": { url: byId["secret-url"]!, headers: {} },
  };
}

async function connect(endpoint: { url: string; headers: Record<string, string> }): Promise<Client> {
  const client = new Client({ name: "snippet-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(endpoint.url), { requestInit: { headers: endpoint.headers } }));
  return client;
}

describe("grant snippets against the gateway", () => {
  test("each snippet's URL and header lists tools and calls get_experiments", async () => {
    const { orgId, grant } = await setup();
    const endpoints = endpointsFrom(grantSnippets({ name: grant.name, gatewayUrl: grant.gatewayUrl, secretUrl: grant.secretUrl, token: grant.token }));
    expect(Object.keys(endpoints)).toHaveLength(5);
    for (const [id, endpoint] of Object.entries(endpoints)) {
      const client = await connect(endpoint);
      const names = (await client.listTools()).tools.map((t) => t.name).sort();
      expect(names, id).toEqual(["get_experiments", "set_experiment_tag", "set_model_alias"]);
      const result = await client.callTool({ name: "get_experiments", arguments: {} });
      expect(result.isError, `${id}: ${textOf(result)}`).toBeFalsy();
      await client.close();
    }
    // The grants page's usage: five calls, and when the last one was (audit rows are batched).
    await expect.poll(async () => (await getGrantView(orgId, grant.id)).callCount, { timeout: 5_000 }).toBeGreaterThanOrEqual(5);
    expect((await getGrantView(orgId, grant.id)).lastUsedAt).not.toBeNull();
  });

  test("a held call is approved in the control plane and the client receives the result", async () => {
    const { orgId, actor, grant } = await setup();
    const client = await connect(parseClaudeCodeCommand(grantSnippets({ ...grant, token: grant.token })[0]!.text));
    const call = client.callTool({ name: "set_model_alias", arguments: { name: "churn-classifier", alias: "champion", version: "3" } }, undefined, { timeout: 30_000 });
    await expect.poll(async () => (await listApprovals(orgId, { status: "pending", limit: 10 })).data.length, { timeout: 10_000 }).toBe(1);
    const [held] = (await listApprovals(orgId, { status: "pending", limit: 10 })).data;
    expect(held).toMatchObject({ grantId: grant.id, toolName: "set_model_alias", arguments: { alias: "champion" } });
    await decideApproval(orgId, held!.id, { decision: "approved", note: "go", actor });
    const result = await call;
    expect(result.isError, textOf(result)).toBeFalsy();
    await client.close();
  });

  test("after revoke the next call with the token gets 401 within 1 s", async () => {
    const { orgId, actor, grant } = await setup();
    const endpoint = parseClaudeCodeCommand(grantSnippets({ ...grant, token: grant.token })[0]!.text);
    const post = () =>
      fetch(endpoint.url, {
        method: "POST",
        headers: { ...endpoint.headers, "content-type": "application/json", accept: "application/json, text/event-stream" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } } }),
      });
    expect((await post()).status).toBe(200);
    await revokeGrantFor(orgId, actor, grant.id);
    const revokedAt = Date.now();
    let status = 0;
    while (Date.now() - revokedAt < 1000) {
      status = (await post()).status;
      if (status === 401) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(status).toBe(401);
    expect((await db.grant.findUniqueOrThrow({ where: { id: grant.id } })).revokedAt).not.toBeNull();
  });
});
