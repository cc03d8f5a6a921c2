// MCP tasks (2025-11-25, experimental) for approvals: a task-augmented tools/call that needs a
// person becomes a task kept in Postgres, answered by any worker; the call is forwarded once,
// after approval, by whichever worker is asked first; another grant never sees the task.
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTaskStore } from "@modelcontextprotocol/sdk/experimental/tasks/stores/in-memory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { CallToolResultSchema, CreateTaskResultSchema, ErrorCode, McpError, TaskStatusNotificationSchema, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { decideApproval } from "@/lib/data/approvals";
import { createGrant, revokeGrant } from "@/lib/data/grants";
import { db } from "@/lib/db";
import { WARDEN_META_KEY } from "@/gateway/enforce/verdict";
import { makeSetup } from "./fixtures";
import { connectAgent, startTestGateway, useStandinAndTwoGateways, textOf } from "./harness";

const policy = {
  version: "1",
  default: "deny",
  tools: {
    set_experiment_tag: { action: "require_approval", approval: { timeout: "10m" } },
    search_experiments: { action: "allow" },
  },
};

/** A stateless MCP server that runs `slow_sum` as a task of its own (the SDK's task support). */
function startTaskServer() {
  const taskStore = new InMemoryTaskStore();
  const calls: string[] = [];
  const build = () => {
    const server = new McpServer({ name: "tasky", version: "1.0.0" }, { capabilities: { tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } } }, taskStore });
    server.experimental.tasks.registerToolTask("slow_sum", { description: "Adds two numbers, later.", inputSchema: { a: z.number(), b: z.number() }, execution: { taskSupport: "optional" } }, {
      createTask: async ({ a, b }, extra) => {
        const task = await extra.taskStore.createTask({ ttl: 60_000, pollInterval: 100 });
        calls.push(task.taskId);
        setTimeout(() => void taskStore.storeTaskResult(task.taskId, "completed", { content: [{ type: "text", text: String(a + b) }] }), 100).unref();
        return { task };
      },
      getTask: async (_args, extra) => (await extra.taskStore.getTask(extra.taskId))!,
      getTaskResult: async (_args, extra) => (await extra.taskStore.getTaskResult(extra.taskId)) as CallToolResult,
    });
    return server;
  };
  const http: HttpServer = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const server = build();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on("close", () => void transport.close().then(() => server.close()));
    await server.connect(transport);
    await transport.handleRequest(req, res, chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : undefined);
  });
  return new Promise<{ url: string; taskStore: InMemoryTaskStore; calls: string[]; close: () => Promise<void> }>((resolve) => {
    http.listen(0, "127.0.0.1", () => {
      const { port } = http.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}/mcp`, taskStore, calls, close: () => new Promise((done) => (http.close(() => done()), http.closeAllConnections())) });
    });
  });
}

const running = useStandinAndTwoGateways({ taskPollIntervalMs: 200 });

const tagCalls = (key: string) => running.standin.toolCalls.filter((c) => c.tool === "set_experiment_tag" && c.arguments.key === key).length;
const tag = (key: string) => ({ name: "set_experiment_tag", arguments: { experiment_id: "2", key, value: "ada" } });
const decisionOf = (result: unknown) => ((result as CallToolResult)._meta?.[WARDEN_META_KEY] as { decision: string }).decision;

async function createTask(agent: Client, call: { name: string; arguments: Record<string, unknown> }, ttl = 60_000) {
  const created = await agent.request({ method: "tools/call", params: { ...call, task: { ttl } } }, CreateTaskResultSchema);
  return created.task;
}

const decide = (orgId: string, userId: string, id: string, decision: "approved" | "denied", note?: string) =>
  decideApproval(orgId, id, { decision, note, actor: { userId, apiKeyId: null } });

async function rpcError(promise: Promise<unknown>): Promise<McpError> {
  const error = await promise.then(() => new Error("expected a JSON-RPC error"), (e: unknown) => e);
  expect(error).toBeInstanceOf(McpError);
  return error as McpError;
}

describe("approval as an MCP task", () => {
  test("created, approved, result fetched from another worker; the call ran once", async () => {
    const setup = await makeSetup({ transport: "http", url: running.standin.url }, policy);
    const agent = await connectAgent(running.first.url, setup.server.id, setup.token);
    expect(agent.getServerCapabilities()?.tasks).toMatchObject({ list: {}, cancel: {}, requests: { tools: { call: {} } } });
    const listed = await agent.listTools();
    expect(listed.tools.find((t) => t.name === "set_experiment_tag")?.execution?.taskSupport).toBe("optional");

    const task = await createTask(agent, tag("task-ok"), 5_000);
    expect(task.status).toBe("working");
    expect(task.statusMessage).toContain("/approvals/apr_");
    // A task waiting for a person lives at least as long as the approval may take (10 minutes), whatever ttl was asked.
    expect(task.ttl).toBeGreaterThanOrEqual(600_000);
    const row = await db.gatewayTask.findFirstOrThrow({ where: { taskId: task.taskId } });
    const approval = await db.approval.findUniqueOrThrow({ where: { id: row.approvalId! } });
    expect(approval).toMatchObject({ mode: "task", status: "pending", grantId: setup.grant.id, toolName: "set_experiment_tag" });

    // Another worker, another session of the same grant, sees it waiting.
    const elsewhere = await connectAgent(running.second.url, setup.server.id, setup.token);
    expect((await elsewhere.experimental.tasks.getTask(task.taskId)).status).toBe("working");
    expect((await elsewhere.experimental.tasks.listTasks()).tasks.map((t) => t.taskId)).toContain(task.taskId);
    expect(tagCalls("task-ok")).toBe(0);

    await decide(setup.orgId, setup.userId, approval.id, "approved");
    // Both workers asked for the result at once: one forwards, both answer the same result.
    const [a, b] = await Promise.all([
      elsewhere.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema),
      agent.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema),
    ]);
    expect(a.isError, textOf(a)).toBeFalsy();
    expect(b).toEqual(a);
    expect(a._meta?.["io.modelcontextprotocol/related-task"]).toEqual({ taskId: task.taskId });
    expect(tagCalls("task-ok")).toBe(1);
    expect((await agent.experimental.tasks.getTask(task.taskId)).status).toBe("completed");
    expect((await db.approval.findUniqueOrThrow({ where: { id: approval.id } })).consumedAt).not.toBeNull();
    // A finished task cannot be cancelled.
    expect((await rpcError(agent.experimental.tasks.cancelTask(task.taskId))).code).toBe(ErrorCode.InvalidParams);

    await running.first.services.audit.drain(5_000);
    await running.second.services.audit.drain(5_000);
    const trail = await db.auditEvent.findMany({ where: { orgId: setup.orgId, grantId: setup.grant.id }, orderBy: { seq: "asc" }, select: { decision: true, upstreamOutcome: true } });
    expect(trail.filter((r) => r.decision !== "approved").map((r) => `${r.decision}:${r.upstreamOutcome ?? ""}`)).toEqual(["approval_pending:", "approval_granted:ok"]);
    await Promise.all([agent.close(), elsewhere.close()]);
  });

  test("the SDK's callToolStream: task created, polled while a person decides, then the result", async () => {
    const setup = await makeSetup({ transport: "http", url: running.standin.url }, policy);
    const agent = await connectAgent(running.first.url, setup.server.id, setup.token);
    await agent.listTools(); // the SDK learns which tools may run as tasks ("optional")
    const seen: string[] = [];
    let result: CallToolResult | undefined;
    for await (const message of agent.experimental.tasks.callToolStream(tag("task-stream"))) {
      seen.push(message.type === "taskStatus" ? `taskStatus:${message.task.status}` : message.type);
      if (message.type === "taskCreated") {
        const row = await db.gatewayTask.findFirstOrThrow({ where: { taskId: message.task.taskId } });
        setTimeout(() => void decide(setup.orgId, setup.userId, row.approvalId!, "approved"), 300);
      }
      if (message.type === "result") result = message.result as CallToolResult;
      if (message.type === "error") throw message.error;
    }
    expect(seen[0]).toBe("taskCreated");
    expect(seen.at(-1)).toBe("result");
    expect(result?.isError, textOf(result)).toBeFalsy();
    expect(tagCalls("task-stream")).toBe(1);
    await agent.close();
  });

  test("cancel: the task ends cancelled, its approval leaves the inbox, nothing is forwarded", async () => {
    const setup = await makeSetup({ transport: "http", url: running.standin.url }, policy);
    const agent = await connectAgent(running.first.url, setup.server.id, setup.token);
    const task = await createTask(agent, tag("task-cancel"));
    const cancelled = await agent.experimental.tasks.cancelTask(task.taskId);
    expect(cancelled.status).toBe("cancelled");
    const row = await db.gatewayTask.findFirstOrThrow({ where: { taskId: task.taskId } });
    expect((await db.approval.findUniqueOrThrow({ where: { id: row.approvalId! } })).status).toBe("expired");
    expect((await rpcError(agent.experimental.tasks.cancelTask(task.taskId))).message).toContain("terminal status 'cancelled'");
    expect((await rpcError(agent.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema))).message).toContain("cancelled");
    expect(tagCalls("task-cancel")).toBe(0);
    await agent.close();
  });

  test("denied: the task fails, its session hears notifications/tasks/status, and its result says why", async () => {
    const setup = await makeSetup({ transport: "http", url: running.standin.url }, policy);
    const agent = await connectAgent(running.first.url, setup.server.id, setup.token);
    const statuses: string[] = [];
    agent.setNotificationHandler(TaskStatusNotificationSchema, (n) => void statuses.push(`${n.params.taskId}:${n.params.status}`));
    const task = await createTask(agent, tag("task-denied"));
    const row = await db.gatewayTask.findFirstOrThrow({ where: { taskId: task.taskId } });
    await decide(setup.orgId, setup.userId, row.approvalId!, "denied", "wrong experiment");
    expect((await agent.experimental.tasks.getTask(task.taskId)).status).toBe("failed");
    await expect.poll(() => statuses).toEqual([`${task.taskId}:failed`]);
    const result = await agent.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema);
    expect(decisionOf(result)).toBe("approval_denied");
    expect(textOf(result)).toContain("wrong experiment");
    expect(tagCalls("task-denied")).toBe(0);
    await agent.close();
  });

  test("another grant's task is not found: get, result, cancel and list; a revoked grant's neither", async () => {
    const setup = await makeSetup({ transport: "http", url: running.standin.url }, policy);
    const agent = await connectAgent(running.first.url, setup.server.id, setup.token);
    const task = await createTask(agent, tag("task-mine"));
    const other = await createGrant(setup.orgId, { serverId: setup.server.id, policyId: setup.policy.id, name: "other agent" });
    const stranger = await connectAgent(running.second.url, setup.server.id, other.token);
    for (const attempt of [
      stranger.experimental.tasks.getTask(task.taskId),
      stranger.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema),
      stranger.experimental.tasks.cancelTask(task.taskId),
    ].map((sent) => rpcError(sent))) {
      // Each refusal is caught as it arrives: one awaited later would count as unhandled.
      const error = await attempt;
      expect(error.code).toBe(ErrorCode.InvalidParams);
      expect(error.message).toContain("Task not found");
    }
    expect((await stranger.experimental.tasks.listTasks()).tasks).toEqual([]);
    expect((await agent.experimental.tasks.getTask(task.taskId)).status).toBe("working");
    // Revoked while its client waits on tasks/result: the wait ends, the task is gone for it, nothing runs.
    const waiting = rpcError(agent.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await revokeGrant(setup.orgId, setup.grant.id);
    expect((await waiting).message).toContain("Task not found");
    expect(tagCalls("task-mine")).toBe(0);
    await Promise.all([agent.close(), stranger.close()]);
  });

  test("short client timeout: tasks/result gives up while waiting; approved meanwhile, the result is fetched on another worker", async () => {
    const setup = await makeSetup({ transport: "http", url: running.standin.url }, policy);
    const agent = await connectAgent(running.first.url, setup.server.id, setup.token);
    const task = await createTask(agent, tag("task-away"));
    const timedOut = await rpcError(agent.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema, { timeout: 500 }));
    expect(timedOut.code).toBe(ErrorCode.RequestTimeout);
    await agent.close();
    const row = await db.gatewayTask.findFirstOrThrow({ where: { taskId: task.taskId } });
    await decide(setup.orgId, setup.userId, row.approvalId!, "approved");
    const back = await connectAgent(running.second.url, setup.server.id, setup.token);
    const result = await back.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema, { timeout: 10_000 });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(tagCalls("task-away")).toBe(1);
    await back.close();
  });

  test("a call that needs no approval is answered as a finished task; the per-grant cap and expiry hold", async () => {
    const setup = await makeSetup({ transport: "http", url: running.standin.url }, policy);
    const agent = await connectAgent(running.first.url, setup.server.id, setup.token);
    const done = await createTask(agent, { name: "search_experiments", arguments: {} });
    expect(done.status).toBe("completed");
    const result = await agent.experimental.tasks.getTaskResult(done.taskId, CallToolResultSchema);
    expect(result.isError).toBeFalsy();
    const refused = await createTask(agent, { name: "delete_experiment", arguments: { experiment_id: "2" } });
    expect(refused.status).toBe("failed");

    await db.gatewayTask.updateMany({ where: { taskId: done.taskId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await rpcError(agent.experimental.tasks.getTask(done.taskId))).message).toContain("Task not found");
    await running.first.services.tasks.cleanup();
    expect(await db.gatewayTask.count({ where: { taskId: done.taskId } })).toBe(0);

    // A tool answer larger than a task keeps fails the task, saying so; the call itself was served.
    const small = await startTestGateway({ taskResultMaxBytes: 10 });
    const tight = await connectAgent(small.url, setup.server.id, setup.token);
    const big = await createTask(tight, { name: "search_experiments", arguments: {} });
    expect(big.status).toBe("failed");
    expect((await rpcError(tight.experimental.tasks.getTaskResult(big.taskId, CallToolResultSchema))).message).toContain("GATEWAY_TASK_RESULT_MAX_BYTES");
    await tight.close();
    await small.close();

    const capped = await startTestGateway({ tasksPerGrant: 1 });
    const crowded = await connectAgent(capped.url, setup.server.id, setup.token);
    const full = await rpcError(createTask(crowded, { name: "search_experiments", arguments: {} }));
    expect(full.message).toContain("GATEWAY_TASKS_PER_GRANT");
    await Promise.all([agent.close(), crowded.close()]);
    await capped.close();
  });

  test("a task the upstream creates passes through unchanged, bound to the grant", async () => {
    const upstream = await startTaskServer();
    try {
      const setup = await makeSetup({ transport: "http", url: upstream.url }, { version: "1", default: "deny", tools: { slow_sum: { action: "allow" } } });
      const agent = await connectAgent(running.first.url, setup.server.id, setup.token);
      expect((await agent.listTools()).tools.find((t) => t.name === "slow_sum")?.execution?.taskSupport).toBe("optional");
      const task = await createTask(agent, { name: "slow_sum", arguments: { a: 2, b: 3 } });
      // The upstream's own task id, unchanged.
      expect(upstream.calls).toEqual([task.taskId]);
      expect(await db.gatewayTask.findFirst({ where: { taskId: task.taskId }, select: { kind: true, grantId: true } })).toEqual({ kind: "upstream", grantId: setup.grant.id });

      const elsewhere = await connectAgent(running.second.url, setup.server.id, setup.token);
      const result = await elsewhere.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema);
      expect(textOf(result)).toBe("5");
      expect((await elsewhere.experimental.tasks.getTask(task.taskId)).status).toBe("completed");

      const other = await createGrant(setup.orgId, { serverId: setup.server.id, policyId: setup.policy.id, name: "other agent" });
      const stranger = await connectAgent(running.second.url, setup.server.id, other.token);
      expect((await rpcError(stranger.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema))).message).toContain("Task not found");
      expect((await rpcError(stranger.experimental.tasks.cancelTask(task.taskId))).message).toContain("Task not found");
      expect((await stranger.experimental.tasks.listTasks()).tasks).toEqual([]);
      await Promise.all([agent.close(), elsewhere.close(), stranger.close()]);
    } finally {
      await upstream.close();
    }
  });
});
