// Policy rules through a running worker: deny with a reason, hide, argument conditions, a policy
// edit that takes effect without a restart, and grant authentication (unknown, revoked, another
// server's token; Host and Origin checks).
import { describe, expect, test, vi } from "vitest";
import { savePolicyVersion } from "@/lib/data/policies";
import { revokeGrant } from "@/lib/data/grants";
import { makeSetup } from "./fixtures";
import { connectAgent, textOf, useStandinAndGateway } from "./harness";

const RULES = {
  version: "1",
  default: "deny",
  tools: {
    get_experiments: {},
    get_experiment_by_name: { when: [{ arg: "name", op: "regex", value: "^churn" }] },
    set_experiment_tag: { deny_if: [{ arg: "experiment_id", op: "in", value: ["0"] }] },
    delete_experiment: { action: "deny", reason: "Deleting experiments needs a change ticket." },
    delete_run: { action: "hide" },
  },
};

const running = useStandinAndGateway();

describe("policy rules", () => {
  test("deny names its reason and rule; hide is an unknown tool; conditions on arguments decide", async () => {
    const setup = await makeSetup({ transport: "http", url: running.standin.url }, RULES);
    const agent = await connectAgent(running.gateway.url, setup.server.id, setup.token);
    const names = (await agent.listTools()).tools.map((t) => t.name).sort();
    expect(names).toEqual(["delete_experiment", "get_experiment_by_name", "get_experiments", "set_experiment_tag"]);

    const denied = await agent.callTool({ name: "delete_experiment", arguments: { experiment_id: "2" } });
    expect(denied.isError).toBe(true);
    expect(textOf(denied)).toContain("decision: deny");
    expect(textOf(denied)).toContain("Deleting experiments needs a change ticket.");
    expect(textOf(denied)).toContain("Rule: /tools/delete_experiment");
    expect(running.standin.state.data.experiments.get("2")!.lifecycle_stage).toBe("active");

    await expect(agent.callTool({ name: "delete_run", arguments: { run_id: "x" } })).rejects.toThrow(/Tool delete_run not found/);

    const churn = await agent.callTool({ name: "get_experiment_by_name", arguments: { name: "churn-prediction" } });
    expect(churn.isError, textOf(churn)).toBeFalsy();
    const fraud = await agent.callTool({ name: "get_experiment_by_name", arguments: { name: "fraud-detection" } });
    expect(textOf(fraud)).toMatch(/decision: deny[\s\S]*Rule: \/tools\/get_experiment_by_name\/when\/0/);

    const tagged = await agent.callTool({ name: "set_experiment_tag", arguments: { experiment_id: "0", key: "a", value: "b" } });
    expect(textOf(tagged)).toMatch(/deny_if\/0/);
    expect(running.standin.state.data.experiments.get("0")!.tags.a).toBeUndefined();
    await agent.close();
  });

  test("a policy edit takes effect on the running worker without a restart", async () => {
    const setup = await makeSetup({ transport: "http", url: running.standin.url }, RULES);
    const agent = await connectAgent(running.gateway.url, setup.server.id, setup.token);
    expect((await agent.callTool({ name: "get_experiments", arguments: {} })).isError).toBeFalsy();
    const edited = { ...RULES, tools: { ...RULES.tools, get_experiments: { action: "deny", reason: "Closed for maintenance." } } };
    await savePolicyVersion(setup.orgId, setup.policy.id, edited, { authorId: setup.userId });
    await vi.waitFor(async () => {
      expect(textOf(await agent.callTool({ name: "get_experiments", arguments: {} }))).toContain("Closed for maintenance.");
    }, { timeout: 5_000, interval: 50 });
    await agent.close();
  });

  test("a revoked grant is refused with 401 on its next request", async () => {
    const setup = await makeSetup({ transport: "http", url: running.standin.url }, RULES);
    const agent = await connectAgent(running.gateway.url, setup.server.id, setup.token);
    expect((await agent.callTool({ name: "get_experiments", arguments: {} })).isError).toBeFalsy();
    await revokeGrant(setup.orgId, setup.grant.id);
    await vi.waitFor(async () => {
      await expect(agent.callTool({ name: "get_experiments", arguments: {} })).rejects.toThrow(/revoked/);
    }, { timeout: 5_000, interval: 50 });
  });
});

describe("authentication and request checks", () => {
  const post = (url: string, headers: Record<string, string>, body = { jsonrpc: "2.0", id: 1, method: "ping" }) =>
    fetch(url, { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers }, body: JSON.stringify(body) });

  test("unknown, missing and other servers' tokens get 401 with a clear message", async () => {
    const a = await makeSetup({ transport: "http", url: running.standin.url }, RULES);
    const b = await makeSetup({ transport: "http", url: running.standin.url }, RULES);
    const cases: [string, Record<string, string>, RegExp][] = [
      [`${running.gateway.url}/mcp/${a.server.id}`, {}, /Missing grant token/],
      [`${running.gateway.url}/mcp/${a.server.id}`, { authorization: "Bearer wdn_g_" + "x".repeat(43) }, /Unknown grant token/],
      [`${running.gateway.url}/mcp/${a.server.id}`, { authorization: `Bearer ${b.token}` }, /another server/],
      [`${running.gateway.url}/g/not-a-token/mcp`, {}, /Unknown grant token/],
    ];
    for (const [url, headers, message] of cases) {
      const response = await post(url, headers);
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(message);
    }
    expect((await post(`${running.gateway.url}/mcp/${a.server.id}`, { authorization: `Bearer ${a.token}` })).status).toBe(200);
  });

  test("a foreign Host or Origin is refused (DNS-rebinding protection)", async () => {
    const a = await makeSetup({ transport: "http", url: running.standin.url }, RULES);
    const url = `${running.gateway.url}/mcp/${a.server.id}`;
    const auth = { authorization: `Bearer ${a.token}` };
    expect((await post(url, { ...auth, origin: "https://evil.example" })).status).toBe(403);
    const { request } = await import("node:http");
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(url, { method: "POST", headers: { ...auth, host: "evil.example", "content-type": "application/json" } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }));
    });
    expect(status).toBe(403);
  });
});
