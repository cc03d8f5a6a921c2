// Hostile tenant: organization A holds MCP tasks (each may keep a tool answer of up to
// GATEWAY_TASK_RESULT_MAX_BYTES for up to a day) through many grants. The per-grant cap alone lets
// an organization keep grants × GATEWAY_TASKS_PER_GRANT of them in the shared database; all of an
// organization's grants together hold at most GATEWAY_TASKS_PER_ORG, beyond which a task-augmented
// call is refused with an error naming the limit. B's tasks and calls are served throughout.
import { describe, expect, test } from "vitest";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { CreateTaskResultSchema, McpError } from "@modelcontextprotocol/sdk/types.js";
import { createGrant } from "@/lib/data/grants";
import { db } from "@/lib/db";
import { makeSetup } from "../fixtures";
import { connectAgent, useStandinAndTwoGateways } from "../harness";
import { startBystander } from "./bystander";

const tasksPerGrant = 5;
const tasksPerOrg = 12;
const grants = 4;
const policy = { version: "1", default: "allow", tools: {} };

const running = useStandinAndTwoGateways({ tasksPerGrant, tasksPerOrg });

async function taskCall(agent: Client): Promise<"task" | string> {
  try {
    await agent.request({ method: "tools/call", params: { name: "get_experiments", arguments: {}, task: { ttl: 600_000 } } }, CreateTaskResultSchema);
    return "task";
  } catch (error) {
    if (error instanceof McpError) return error.message;
    throw error;
  }
}

describe("task flood", () => {
  test(`${grants} grants of one organization keep at most ${tasksPerOrg} live tasks between them; B is served`, async () => {
    const a = await makeSetup({ transport: "http", url: running.standin.url }, policy);
    const agents = [await connectAgent(running.first.url, a.server.id, a.token)];
    for (let i = 1; i < grants; i++) {
      const grant = await createGrant(a.orgId, { serverId: a.server.id, policyId: a.policy.id, name: `flood ${i}` });
      agents.push(await connectAgent(i % 2 ? running.second.url : running.first.url, a.server.id, grant.token));
    }
    const b = await makeSetup({ transport: "http", url: running.standin.url }, policy);
    const bAgent = await connectAgent(running.first.url, b.server.id, b.token);
    const bystander = await startBystander(running.first.url, running.standin.url);
    bystander.start(20);

    const outcomes: string[] = [];
    for (const agent of agents) for (let n = 0; n < tasksPerGrant; n++) outcomes.push(await taskCall(agent));
    const live = await db.gatewayTask.count({ where: { orgId: a.orgId } });
    const refusals = outcomes.filter((o) => o !== "task");
    console.log(`A: ${outcomes.length} task-augmented calls over ${grants} grants, ${live} tasks kept, ${refusals.length} refused: ${refusals[0] ?? "-"}`);
    expect(live).toBe(tasksPerOrg);
    expect(refusals).toHaveLength(grants * tasksPerGrant - tasksPerOrg);
    expect(refusals[0]).toContain(`${tasksPerOrg} tasks`);
    expect(refusals[0]).toContain("GATEWAY_TASKS_PER_ORG");

    // B's own organization is not held by A's cap.
    expect(await taskCall(bAgent)).toBe("task");
    const report = await bystander.stop();
    expect(report.served).toBe(report.total);
    expect(await bystander.auditedCalls(report.total, 1_000)).toBe(report.total);
    for (const agent of [...agents, bAgent, bystander.client]) await agent.close();
  });
});
