// Replay: the draft over the server's real audited calls, in order, with limits counted, and
// argument conditions judged only where the arguments were kept (held calls).
import { describe, expect, test } from "vitest";
import { recordAuditNow } from "@/lib/audit";
import { createPolicy } from "@/lib/data/policies";
import { replayPolicy } from "@/lib/data/policy-replay";
import { db } from "@/lib/db";
import type { PolicyDocument } from "@/lib/schemas/policy";
import { makeAccount } from "../helpers/factories";

const seed: PolicyDocument = {
  version: "1",
  default: "deny",
  tools: { set_experiment_tag: { limits: [{ counter: "set_experiment_tag_rate", window: "minute", max: 30, scope: "grant" }] } },
};

async function serverWithHistory(label: string) {
  const { org, userId } = await makeAccount(label);
  const server = await db.mcpServer.create({ data: { orgId: org.id, name: "MLflow", transport: "http", url: "http://mlflow.test/mcp" } });
  const minute = new Date("2026-03-01T10:00:00Z").getTime();
  const call = (tool: string, decision: string, second: number, extra: object = {}) => ({
    kind: "gateway", method: "tools/call", serverId: server.id, grantId: "grt_replay", tool, decision, time: new Date(minute + second * 1000), ...extra,
  });
  const events = [
    ...Array.from({ length: 35 }, (_, i) => call("set_experiment_tag", "allow", i)),
    ...Array.from({ length: 3 }, (_, i) => call("delete_run", "allow", 40 + i)),
    call("get_experiments", "hide", 50),
    call("unknown_thing", "unknown_tool", 51),
  ];
  await recordAuditNow(org.id, events);
  return { org, userId, server };
}

describe("policy replay", () => {
  test("counts limits in order and reports how many decisions change, with examples", async () => {
    const { org, server } = await serverWithHistory("replay-a");
    const result = await replayPolicy(org.id, server.id, seed, 500);
    expect(result.replayed).toBe(39); // the unknown tool was not the policy's to decide
    expect(result.transitions).toEqual([
      { before: "allow", after: "rate_limited", count: 5 },
      { before: "allow", after: "hide", count: 3 },
    ]);
    expect(result.changed).toBe(8);
    expect(result.unknown).toBe(0);
    expect(result.examples[0]).toMatchObject({ tool: "set_experiment_tag", before: "allow", after: "rate_limited", ruleId: "/tools/set_experiment_tag/limits/0" });
  });

  test("argument conditions are judged only for held calls, whose arguments are kept", async () => {
    const { org, userId, server } = await serverWithHistory("replay-b");
    const policy = await createPolicy(org.id, { serverId: server.id, name: "P", document: seed }, userId);
    const grant = await db.grant.create({ data: { orgId: org.id, serverId: server.id, policyId: policy.id, name: "g", tokenHash: `h-${org.id}`, tokenPrefix: "wdn_g_x" } });
    const approval = await db.approval.create({
      data: {
        orgId: org.id, grantId: grant.id, serverId: server.id, toolName: "set_experiment_tag", arguments: { experiment_id: "0", key: "k", value: "v" },
        argumentsHash: "x", policyId: policy.id, policyVersion: 1, ruleId: "/tools/set_experiment_tag", expiresAt: new Date(Date.now() + 60_000),
      },
    });
    await recordAuditNow(org.id, [{
      kind: "gateway", method: "tools/call", serverId: server.id, grantId: grant.id, tool: "set_experiment_tag", decision: "approval_granted",
      time: new Date("2026-03-01T11:00:00Z"), detail: { approvalId: approval.id },
    }]);
    const draft: PolicyDocument = { ...seed, tools: { set_experiment_tag: { deny_if: [{ arg: "experiment_id", op: "in", value: ["0"] }] } } };
    const result = await replayPolicy(org.id, server.id, draft, 500);
    expect(result.unknown).toBe(35);
    expect(result.transitions).toContainEqual({ before: "approve", after: "deny", count: 1 });
    expect(result.examples).toContainEqual(expect.objectContaining({ before: "approve", after: "deny", ruleId: "/tools/set_experiment_tag/deny_if/0" }));
  });

  test("another organization's server is not found", async () => {
    const a = await makeAccount("replay-x");
    const { server } = await serverWithHistory("replay-y");
    await expect(replayPolicy(a.org.id, server.id, seed, 100)).rejects.toMatchObject({ code: "not_found" });
  });
});
