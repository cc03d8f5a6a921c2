// The seed policy end to end, through a real gateway worker to the MLflow stand-in over HTTP:
// 30 set_experiment_tag calls a minute pass and change the stand-in, the 31st is refused with a
// retry time and changes nothing; under default deny other tools are neither listed nor callable.
import { describe, expect, test } from "vitest";
import { db } from "@/lib/db";
import { verifyAuditChain } from "@/lib/audit/prisma-runner";
import { makeSetup } from "./fixtures";
import { awayFromMinuteEnd, connectAgent, startTestGateway, textOf, useStandinAndGateway } from "./harness";

const running = useStandinAndGateway();

describe("the seed policy through the gateway (HTTP upstream)", () => {
  test("30 calls in a minute change the stand-in, the 31st is refused with a retry time and changes nothing", async () => {
    const setup = await makeSetup({ transport: "http", url: running.standin.url });
    const agent = await connectAgent(running.gateway.url, setup.server.id, setup.token);
    const experiment = () => running.standin.state.data.experiments.get("1")!;
    await awayFromMinuteEnd();
    for (let i = 0; i < 30; i++) {
      const result = await agent.callTool({ name: "set_experiment_tag", arguments: { experiment_id: "1", key: `k${i}`, value: `v${i}` } });
      expect(result.isError, textOf(result)).toBeFalsy();
    }
    expect(experiment().tags.k29).toBe("v29");
    const refused = await agent.callTool({ name: "set_experiment_tag", arguments: { experiment_id: "1", key: "k30", value: "v30" } });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/decision: rate_limited/);
    expect(textOf(refused)).toMatch(/Rule: \/tools\/set_experiment_tag\/limits\/0/);
    expect(textOf(refused)).toMatch(/Retry after: \d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z \(in \d+ s\)/);
    expect(experiment().tags.k30).toBeUndefined();
    await agent.close();
    await running.gateway.services.audit.drain(5_000);
    const decisions = await db.auditEvent.groupBy({ by: ["decision"], where: { orgId: setup.orgId, kind: "gateway" }, _count: { _all: true } });
    expect(Object.fromEntries(decisions.map((d) => [d.decision, d._count._all]))).toEqual({ allow: 30, rate_limited: 1 });
    expect((await verifyAuditChain(setup.orgId)).ok).toBe(true);
  });

  test("stateless mode (no Mcp-Session-Id) serves the SDK client the same way", async () => {
    const stateless = await startTestGateway({ sessions: false });
    try {
      const setup = await makeSetup({ transport: "http", url: running.standin.url });
      const agent = await connectAgent(stateless.url, setup.server.id, setup.token);
      expect((await agent.listTools()).tools.map((t) => t.name)).toEqual(["set_experiment_tag"]);
      const result = await agent.callTool({ name: "set_experiment_tag", arguments: { experiment_id: "3", key: "stateless", value: "yes" } });
      expect(result.isError, textOf(result)).toBeFalsy();
      expect(running.standin.state.data.experiments.get("3")!.tags.stateless).toBe("yes");
      await agent.close();
    } finally {
      await stateless.close();
    }
  });

  test("other tools are not listed and their calls get the unknown-tool error", async () => {
    const setup = await makeSetup({ transport: "http", url: running.standin.url });
    const agent = await connectAgent(running.gateway.url, setup.server.id, setup.token, { via: "secret-url" });
    const { tools } = await agent.listTools();
    expect(tools.map((t) => t.name)).toEqual(["set_experiment_tag"]);
    const callsBefore = running.standin.toolCalls.length;
    await expect(agent.callTool({ name: "delete_experiment", arguments: { experiment_id: "1" } })).rejects.toThrow(/Tool delete_experiment not found/);
    expect(running.standin.toolCalls.length).toBe(callsBefore);
    expect(running.standin.state.data.experiments.get("1")!.lifecycle_stage).toBe("active");
    await agent.close();
  });
});

describe("the seed policy through the gateway (stdio upstream)", () => {
  test("30 calls pass and change the stand-in's state, the 31st is rate-limited; other tools are hidden", async () => {
    const setup = await makeSetup({ transport: "stdio" });
    const agent = await connectAgent(running.gateway.url, setup.server.id, setup.token);
    expect((await agent.listTools()).tools.map((t) => t.name)).toEqual(["set_experiment_tag"]);
    await awayFromMinuteEnd();
    for (let i = 0; i < 30; i++) {
      const result = await agent.callTool({ name: "set_experiment_tag", arguments: { experiment_id: "2", key: `s${i}`, value: `v${i}` } });
      expect(result.isError, textOf(result)).toBeFalsy();
    }
    const refused = await agent.callTool({ name: "set_experiment_tag", arguments: { experiment_id: "2", key: "s30", value: "v30" } });
    expect(textOf(refused)).toMatch(/decision: rate_limited[\s\S]*Retry after/);
    await expect(agent.callTool({ name: "get_experiment_by_name", arguments: { name: "fraud-detection" } })).rejects.toThrow(/not found/);
    await agent.close();
    const upstream = running.gateway.services.upstreams.get((await running.gateway.services.state.server(setup.server.id))!);
    const connection = await upstream.connect();
    // The stdio stand-in's state lives in its process: read it there, past the policy, on the gateway's own connection.
    const tags = await connection.request("tools/call", { name: "get_experiment_by_name", arguments: { name: "fraud-detection" } });
    expect(textOf(tags)).toContain('"s29": "v29"');
    expect(textOf(tags)).not.toContain("s30");
  });
});
