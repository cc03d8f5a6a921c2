// tasks/list paging (MCP 2025-11-25, basic/utilities/pagination and tasks): more tasks than one
// page, followed cursor by cursor to the end on either worker, lists each of the grant's tasks
// exactly once, newest first, and never another grant's. A cursor Warden did not hand to this
// grant (garbage, out of range, forged, another grant's) is -32602.
import { describe, expect, test } from "vitest";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { CreateTaskResultSchema, ErrorCode, ListTasksResultSchema, McpError, type Task } from "@modelcontextprotocol/sdk/types.js";
import { createGrant } from "@/lib/data/grants";
import { db } from "@/lib/db";
import { makeSetup } from "./fixtures";
import { connectAgent, useStandinAndTwoGateways } from "./harness";

const policy = {
  version: "1", default: "deny",
  tools: { get_experiments: { action: "allow" }, set_experiment_tag: { action: "require_approval", approval: { timeout: "10m" } } },
};

const running = useStandinAndTwoGateways({ tasksPerGrant: 200 });

async function createTask(agent: Client, call: { name: string; arguments: Record<string, unknown> }): Promise<string> {
  const created = await agent.request({ method: "tools/call", params: { ...call, task: { ttl: 600_000 } } }, CreateTaskResultSchema);
  return created.task.taskId;
}

/** `count` task-augmented calls, eight at a time; every fifth needs a person (a task still working). */
async function createTasks(agent: Client, count: number, label: string): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 8) {
    const batch = Array.from({ length: Math.min(8, count - start) }, (_, i) => start + i);
    ids.push(...(await Promise.all(batch.map((n) => createTask(agent, n % 5 === 0
      ? { name: "set_experiment_tag", arguments: { experiment_id: "1", key: `${label}-${n}`, value: "v" } }
      : { name: "get_experiments", arguments: {} })))));
  }
  return ids;
}

/** Every page from the start, alternating workers; returns the pages. */
async function allPages(agents: Client[]): Promise<Task[][]> {
  const pages: Task[][] = [];
  let cursor: string | undefined;
  do {
    const page = await agents[pages.length % agents.length]!.experimental.tasks.listTasks(cursor);
    pages.push(page.tasks);
    cursor = page.nextCursor;
    expect(pages.length, "paging never ends").toBeLessThan(20);
  } while (cursor !== undefined);
  return pages;
}

async function rpcError(promise: Promise<unknown>, what = "the request"): Promise<McpError> {
  const error = await promise.then(() => new Error(`expected a JSON-RPC error for ${what}`), (e: unknown) => e);
  expect(error, what).toBeInstanceOf(McpError);
  return error as McpError;
}

const cursorOf = (text: string) => Buffer.from(text, "utf8").toString("base64url");

describe("tasks/list paging", () => {
  test("more than one page: each of the grant's tasks once, newest first, on either worker; another grant's never", async () => {
    const setup = await makeSetup({ transport: "http", url: running.standin.url }, policy);
    const agent = await connectAgent(running.first.url, setup.server.id, setup.token);
    const elsewhere = await connectAgent(running.second.url, setup.server.id, setup.token);
    // Another grant of the same organization and server, with tasks of its own.
    const other = await createGrant(setup.orgId, { serverId: setup.server.id, policyId: setup.policy.id, name: "other agent" });
    const stranger = await connectAgent(running.first.url, setup.server.id, other.token);
    const theirs = await createTasks(stranger, 12, "theirs");

    const mine = await createTasks(agent, 110, "mine");
    expect(new Set(mine).size).toBe(110);

    const pages = await allPages([agent, elsewhere]);
    expect(pages.map((p) => p.length)).toEqual([50, 50, 10]);
    const listed = pages.flat().map((t) => t.taskId);
    expect(listed).toHaveLength(110);
    expect(new Set(listed)).toEqual(new Set(mine));
    expect(listed.filter((id) => theirs.includes(id))).toEqual([]);
    const created = pages.flat().map((t) => Date.parse(t.createdAt));
    expect(created).toEqual([...created].sort((a, b) => b - a));
    expect(pages.flat().filter((t) => t.status === "working")).toHaveLength(22);

    // The other grant sees its own twelve, on one page.
    const strangerPages = await allPages([stranger]);
    expect(strangerPages.map((p) => p.length)).toEqual([12]);
    expect(new Set(strangerPages.flat().map((t) => t.taskId))).toEqual(new Set(theirs));

    // A cursor handed to one grant is refused to another: it names a task that grant does not have.
    const myCursor = (await agent.experimental.tasks.listTasks()).nextCursor!;
    expect(myCursor).toEqual(expect.any(String));
    const refused = await rpcError(stranger.experimental.tasks.listTasks(myCursor));
    expect(refused.code).toBe(ErrorCode.InvalidParams);
    expect(refused.message).toMatch(/Invalid cursor/);

    await Promise.all([agent.close(), elsewhere.close(), stranger.close()]);
  });

  test("a garbage, out-of-range or forged cursor is -32602; the gateway keeps answering", async () => {
    const setup = await makeSetup({ transport: "http", url: running.standin.url }, policy);
    const agent = await connectAgent(running.first.url, setup.server.id, setup.token);
    const ids = await createTasks(agent, 3, "few");
    const row = await db.gatewayTask.findFirstOrThrow({ where: { taskId: ids[0] } });
    const hex = "0123456789abcdef0123456789abcdef";

    const cursors = {
      garbage: "!!not a cursor!!",
      "not base64 of anything": "AAAA",
      "no id": cursorOf(`${Date.now()}|`),
      "a year Postgres cannot take": cursorOf(`${8_000_000_000_000_000}|tsk_${hex}`),
      "before year one": cursorOf(`-62198755200001|tsk_${hex}`),
      "a NUL in the id": cursorOf(`${Date.now()}|tsk_\u0000${hex}`),
      "made up but well formed": cursorOf(`${Date.now() + 60_000}|tsk_${hex}`),
      "a real task with the wrong time": cursorOf(`${row.createdAt.getTime() + 1}|${row.id}`),
      "too long": "A".repeat(10_000),
    };
    for (const [name, cursor] of Object.entries(cursors)) {
      const error = await rpcError(agent.experimental.tasks.listTasks(cursor), name);
      expect(error.code, name).toBe(ErrorCode.InvalidParams);
      expect(error.message, name).toMatch(/Invalid cursor/);
    }
    // An empty cursor, and one that is not a string at all (the SDK's listTasks sends neither).
    for (const cursor of ["", 42, null, { createdAt: 0 }]) {
      const error = await rpcError(agent.request({ method: "tasks/list", params: { cursor } } as never, ListTasksResultSchema), JSON.stringify(cursor));
      expect(error.code, JSON.stringify(cursor)).toBe(ErrorCode.InvalidParams);
      expect(error.message, JSON.stringify(cursor)).toMatch(/Invalid cursor/);
    }

    // Still answering, and a cursor at the grant's own task is honoured.
    expect((await agent.experimental.tasks.listTasks()).tasks).toHaveLength(3);
    const fromOwn = await agent.experimental.tasks.listTasks(cursorOf(`${row.createdAt.getTime()}|${row.id}`));
    expect(fromOwn.tasks.every((t) => Date.parse(t.createdAt) <= row.createdAt.getTime() && t.taskId !== row.taskId)).toBe(true);
    await agent.close();
  });
});
