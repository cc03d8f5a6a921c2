// require_approval: the call is held and an Approval row appears; approved → forwarded exactly
// once; denied → refused; nobody decides → expired and refused; and an approval, once used,
// releases no second call.
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { decideApproval } from "@/lib/data/approvals";
import { db } from "@/lib/db";
import { makeSetup, removeTestData } from "./fixtures";
import { connectAgent, startStandin, startTestGateway, textOf } from "./harness";

const policy = (timeout: string | number) => ({
  version: "1",
  default: "deny",
  tools: { set_experiment_tag: { action: "require_approval", approval: { timeout, mode: "hold" } } },
});

let standin: Awaited<ReturnType<typeof startStandin>>;
let gateway: Awaited<ReturnType<typeof startTestGateway>>;

beforeAll(async () => {
  standin = await startStandin();
  gateway = await startTestGateway({ approvalProgressMs: 200 });
});
afterAll(async () => {
  await gateway?.close();
  await standin?.close();
  await removeTestData();
});

async function pendingApproval(grantId: string) {
  return vi.waitFor(async () => {
    const row = await db.approval.findFirst({ where: { grantId, status: "pending" } });
    expect(row).not.toBeNull();
    return row!;
  }, { timeout: 10_000, interval: 50 });
}

const tagCalls = (key: string) => standin.toolCalls.filter((c) => c.tool === "set_experiment_tag" && c.arguments.key === key).length;

describe("approvals", () => {
  test("approved: the exact call is forwarded once, the agent heard progress while waiting, and the approval cannot be reused", async () => {
    const setup = await makeSetup({ transport: "http", url: standin.url }, policy("1m"));
    const agent = await connectAgent(gateway.url, setup.server.id, setup.token);
    const progress: string[] = [];
    const call = agent.callTool({ name: "set_experiment_tag", arguments: { experiment_id: "2", key: "owner", value: "ada" } }, undefined, {
      onprogress: (p) => void progress.push(p.message ?? ""),
    });
    const approval = await pendingApproval(setup.grant.id);
    expect(approval).toMatchObject({ toolName: "set_experiment_tag", arguments: { experiment_id: "2", key: "owner", value: "ada" }, ruleId: "/tools/set_experiment_tag", policyVersion: 1 });
    await vi.waitFor(() => expect(progress.length).toBeGreaterThan(0));
    expect(tagCalls("owner")).toBe(0);
    await decideApproval(setup.orgId, approval.id, { decision: "approved", actor: { userId: setup.userId, apiKeyId: null } });
    const result = await call;
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(standin.state.data.experiments.get("2")!.tags.owner).toBe("ada");
    expect(progress[0]).toContain(approval.id);
    expect((await db.approval.findUniqueOrThrow({ where: { id: approval.id } })).consumedAt).not.toBeNull();

    // Re-approving the used row (as a second notification would) releases nothing more.
    await db.approval.update({ where: { id: approval.id }, data: { status: "approved" } });
    const second = agent.callTool({ name: "set_experiment_tag", arguments: { experiment_id: "2", key: "owner", value: "ada" } });
    const next = await pendingApproval(setup.grant.id);
    expect(next.id).not.toBe(approval.id);
    await decideApproval(setup.orgId, next.id, { decision: "denied", note: "once is enough", actor: { userId: setup.userId, apiKeyId: null } });
    expect(textOf(await second)).toContain("once is enough");
    expect(tagCalls("owner")).toBe(1);
    await gateway.services.audit.drain(5_000);
    const decisions = await db.auditEvent.findMany({ where: { orgId: setup.orgId, kind: "gateway" }, orderBy: { seq: "asc" }, select: { decision: true } });
    expect(decisions.map((d) => d.decision)).toEqual(["approval_granted", "approval_denied"]);
    await agent.close();
  });

  test("denied: refused with the person's note, nothing forwarded", async () => {
    const setup = await makeSetup({ transport: "http", url: standin.url }, policy("1m"));
    const agent = await connectAgent(gateway.url, setup.server.id, setup.token);
    const call = agent.callTool({ name: "set_experiment_tag", arguments: { experiment_id: "2", key: "denied-key", value: "x" } });
    const approval = await pendingApproval(setup.grant.id);
    await decideApproval(setup.orgId, approval.id, { decision: "denied", note: "not today", actor: { userId: setup.userId, apiKeyId: null } });
    const result = await call;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/decision: approval_denied[\s\S]*not today/);
    expect(tagCalls("denied-key")).toBe(0);
    await agent.close();
  });

  test("expired: nobody decides within the timeout, the call is refused and the row says expired", async () => {
    const setup = await makeSetup({ transport: "http", url: standin.url }, policy(1));
    const agent = await connectAgent(gateway.url, setup.server.id, setup.token);
    const result = await agent.callTool({ name: "set_experiment_tag", arguments: { experiment_id: "2", key: "late", value: "x" } });
    expect(textOf(result)).toMatch(/decision: approval_expired[\s\S]*within 1 s/);
    const row = await db.approval.findFirstOrThrow({ where: { grantId: setup.grant.id } });
    expect(row.status).toBe("expired");
    await expect(decideApproval(setup.orgId, row.id, { decision: "approved", actor: { userId: setup.userId, apiKeyId: null } })).rejects.toMatchObject({ code: "conflict" });
    expect(tagCalls("late")).toBe(0);
    await agent.close();
  });
});
