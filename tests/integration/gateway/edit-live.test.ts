// Changes made in the control plane reach a running gateway without a restart: an edited server
// URL is where the next call goes, and a grant moved to another policy is judged by that policy
// on its next call, with the same token and the same open session.
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { updateGrantFor } from "@/lib/data/grant-lifecycle";
import { createPolicy } from "@/lib/data/policies";
import { updateServer } from "@/lib/data/server-edit";
import { makeSetup, SEED_POLICY } from "./fixtures";
import { connectAgent, startStandin, textOf, useStandinAndGateway } from "./harness";

const ALLOW = { version: "1", default: "allow" };
const running = useStandinAndGateway();
let second: Awaited<ReturnType<typeof startStandin>>;

beforeAll(async () => {
  process.env.WARDEN_ALLOW_PRIVATE_UPSTREAMS = "1";
  second = await startStandin();
});
afterAll(async () => {
  await second?.close();
  delete process.env.WARDEN_ALLOW_PRIVATE_UPSTREAMS;
});

describe("edits on a running gateway", () => {
  test("an edited URL is used by the next call of an open session", async () => {
    const setup = await makeSetup({ transport: "http", url: running.standin.url }, ALLOW);
    const agent = await connectAgent(running.gateway.url, setup.server.id, setup.token);
    try {
      expect(textOf(await agent.callTool({ name: "get_experiments", arguments: {} }))).toContain("churn-prediction");
      expect(running.standin.toolCalls.some((c) => c.tool === "get_experiments")).toBe(true);
      const firstCalls = running.standin.toolCalls.length;
      await updateServer(setup.orgId, setup.server.id, { url: second.url }, { userId: setup.userId, apiKeyId: null });
      await vi.waitFor(async () => {
        expect(textOf(await agent.callTool({ name: "get_experiments", arguments: {} }))).toContain("churn-prediction");
        expect(second.toolCalls.filter((c) => c.tool === "get_experiments")).not.toHaveLength(0);
      }, { timeout: 5_000, interval: 100 });
      // Once the change is seen, calls go only to the new URL.
      const settled = running.standin.toolCalls.length;
      for (let i = 0; i < 3; i++) await agent.callTool({ name: "get_experiments", arguments: {} });
      expect(running.standin.toolCalls.length).toBe(settled);
      expect(settled - firstCalls).toBeLessThanOrEqual(1);
    } finally {
      await agent.close();
    }
  });

  test("a grant moved to another policy is judged by it on its next call, with the same token", async () => {
    const setup = await makeSetup({ transport: "http", url: running.standin.url }, ALLOW);
    // The seed policy denies everything but set_experiment_tag.
    const strict = await createPolicy(setup.orgId, { serverId: setup.server.id, name: "strict", document: SEED_POLICY }, setup.userId);
    const agent = await connectAgent(running.gateway.url, setup.server.id, setup.token);
    try {
      const allowed = await agent.callTool({ name: "get_experiments", arguments: {} });
      expect(allowed.isError).toBeFalsy();
      await updateGrantFor(setup.orgId, { userId: setup.userId, apiKeyId: null }, setup.grant.id, { policyId: strict.id });
      // Under the strict policy the tool is hidden: refused as unknown, and gone from the list.
      await vi.waitFor(async () => {
        await expect(agent.callTool({ name: "get_experiments", arguments: {} })).rejects.toThrow(/not found/);
      }, { timeout: 5_000, interval: 100 });
      expect((await agent.listTools()).tools.map((t) => t.name)).toEqual(["set_experiment_tag"]);
      // And back: the same token is allowed again under the first policy.
      await updateGrantFor(setup.orgId, { userId: setup.userId, apiKeyId: null }, setup.grant.id, { policyId: setup.policy.id });
      await vi.waitFor(async () => {
        expect((await agent.callTool({ name: "get_experiments", arguments: {} })).isError).toBeFalsy();
      }, { timeout: 5_000, interval: 100 });
    } finally {
      await agent.close();
    }
  });
});
