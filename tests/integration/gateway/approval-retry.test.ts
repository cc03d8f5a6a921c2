// Approval outside the connection: an SDK client with its default timeout is answered at once
// with the approval's id, page and expiry; after a person approves, the identical retry goes
// through exactly once (from any worker), and anything else is held anew. A client that sends a
// progress token is still held open (auto mode).
import { describe, expect, test } from "vitest";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { decideApproval } from "@/lib/data/approvals";
import { createGrant } from "@/lib/data/grants";
import { db } from "@/lib/db";
import { WARDEN_META_KEY } from "@/gateway/enforce/verdict";
import { makeSetup } from "./fixtures";
import { connectAgent, useStandinAndTwoGateways, textOf } from "./harness";

const policy = (approval: Record<string, unknown>) => ({
  version: "1",
  default: "deny",
  tools: {
    set_experiment_tag: { action: "require_approval", approval, limits: [{ counter: "tag_rate", window: "minute", max: 100, scope: "grant" }] },
  },
});

const running = useStandinAndTwoGateways({ approvalProgressMs: 200, appUrl: "https://warden.example/" });

type Meta = { decision: string; approvalId?: string; approvalUrl?: string; expiresAt?: string; reason?: string };
const metaOf = (result: unknown) => (result as CallToolResult)._meta?.[WARDEN_META_KEY] as Meta;
const tagCalls = (key: string) => running.standin.toolCalls.filter((c) => c.tool === "set_experiment_tag" && c.arguments.key === key).length;
const tag = (key: string, value = "ada") => ({ name: "set_experiment_tag", arguments: { experiment_id: "2", key, value } });

async function approve(orgId: string, userId: string, id: string, decision: "approved" | "denied" = "approved", note?: string) {
  await decideApproval(orgId, id, { decision, note, actor: { userId, apiKeyId: null } });
}

describe("approval outside the connection", () => {
  test("answered at once; the identical retry (on another worker) succeeds once; a third call, edited arguments and another grant are held anew", async () => {
    const setup = await makeSetup({ transport: "http", url: running.standin.url }, policy({ timeout: "10m" }));
    const agent = await connectAgent(running.first.url, setup.server.id, setup.token);
    const held = await agent.callTool(tag("retry-owner"));
    expect(held.isError).toBe(true);
    const meta = metaOf(held);
    expect(meta.decision).toBe("approval_pending");
    const slug = (await db.organization.findUniqueOrThrow({ where: { id: setup.orgId } })).slug;
    expect(meta.approvalUrl).toBe(`https://warden.example/${slug}/approvals/${meta.approvalId}`);
    const text = textOf(held);
    for (const part of [meta.approvalId!, meta.approvalUrl!, meta.expiresAt!, "a person must approve this call; retry the same call after approval"]) {
      expect(text.toLowerCase()).toContain(part.toLowerCase());
    }
    const row = await db.approval.findUniqueOrThrow({ where: { id: meta.approvalId! } });
    expect(row).toMatchObject({ mode: "retry", status: "pending", toolName: "set_experiment_tag", policyVersion: 1, ruleId: "/tools/set_experiment_tag" });
    expect(Math.abs(row.expiresAt.getTime() - Date.parse(meta.expiresAt!))).toBeLessThan(1000);

    // Retrying before the decision finds the same pending approval (no second inbox entry).
    expect(metaOf(await agent.callTool(tag("retry-owner"))).approvalId).toBe(meta.approvalId);
    expect(await db.approval.count({ where: { grantId: setup.grant.id } })).toBe(1);

    // Gateway audit rows are written in batches: let both pending rows land before the person
    // decides, so the trail below is in the order things happened.
    await expect.poll(() => db.auditEvent.count({ where: { orgId: setup.orgId, decision: "approval_pending" } })).toBe(2);
    await approve(setup.orgId, setup.userId, meta.approvalId!);
    // The retry reaches another worker, with another session.
    const elsewhere = await connectAgent(running.second.url, setup.server.id, setup.token);
    const retried = await elsewhere.callTool(tag("retry-owner"));
    expect(retried.isError, textOf(retried)).toBeFalsy();
    expect(tagCalls("retry-owner")).toBe(1);
    expect((await db.approval.findUniqueOrThrow({ where: { id: meta.approvalId! } })).consumedAt).not.toBeNull();

    // A third identical call is held again, under a new approval.
    const third = metaOf(await agent.callTool(tag("retry-owner")));
    expect(third.decision).toBe("approval_pending");
    expect(third.approvalId).not.toBe(meta.approvalId);
    // Edited arguments and another grant never use an approval made for this call.
    await approve(setup.orgId, setup.userId, third.approvalId!);
    const edited = metaOf(await agent.callTool(tag("retry-owner", "eve")));
    expect(edited.decision).toBe("approval_pending");
    expect([meta.approvalId, third.approvalId]).not.toContain(edited.approvalId);
    const other = await createGrant(setup.orgId, { serverId: setup.server.id, policyId: setup.policy.id, name: "other agent" });
    const otherAgent = await connectAgent(running.second.url, setup.server.id, other.token);
    const stranger = metaOf(await otherAgent.callTool(tag("retry-owner")));
    expect(stranger.decision).toBe("approval_pending");
    expect(stranger.approvalId).not.toBe(third.approvalId);
    expect(tagCalls("retry-owner")).toBe(1);
    // The approved third call is still there for its own retry.
    expect((await agent.callTool(tag("retry-owner"))).isError).toBeFalsy();
    expect(tagCalls("retry-owner")).toBe(2);

    await running.first.services.audit.drain(5_000);
    await running.second.services.audit.drain(5_000);
    const rows = await db.auditEvent.findMany({ where: { orgId: setup.orgId, grantId: setup.grant.id }, orderBy: { seq: "asc" }, select: { kind: true, decision: true, detail: true } });
    const firstTrail = rows.filter((r) => (r.detail as { approvalId?: string } | null)?.approvalId === meta.approvalId).map((r) => `${r.kind}:${r.decision}`);
    expect(firstTrail).toEqual(["gateway:approval_pending", "gateway:approval_pending", "control:approved", "gateway:approval_granted"]);
    // Counters were taken once per forwarded call, not for the pending answers.
    const counter = await db.counter.findMany({ where: { key: { contains: `grant:${setup.grant.id}|tag_rate` } } });
    expect(counter.reduce((sum, c) => sum + c.count, 0)).toBe(2);
    await Promise.all([agent.close(), elsewhere.close(), otherAgent.close()]);
  });

  test("two retries at once on two workers: exactly one is forwarded", async () => {
    const setup = await makeSetup({ transport: "http", url: running.standin.url }, policy({ timeout: "10m", mode: "retry" }));
    const a = await connectAgent(running.first.url, setup.server.id, setup.token);
    const b = await connectAgent(running.second.url, setup.server.id, setup.token);
    const id = metaOf(await a.callTool(tag("race")))?.approvalId;
    await approve(setup.orgId, setup.userId, id!);
    const results = await Promise.all([a.callTool(tag("race")), b.callTool(tag("race"))]);
    expect(results.filter((r) => !r.isError)).toHaveLength(1);
    expect(results.filter((r) => metaOf(r)?.decision === "approval_pending")).toHaveLength(1);
    expect(tagCalls("race")).toBe(1);
    await Promise.all([a.close(), b.close()]);
  });

  test("a denial is reported on the next retry, once; an expired approval says so", async () => {
    const setup = await makeSetup({ transport: "http", url: running.standin.url }, policy({ timeout: "2s", mode: "retry" }));
    const agent = await connectAgent(running.first.url, setup.server.id, setup.token);
    const denied = metaOf(await agent.callTool(tag("denied")));
    await approve(setup.orgId, setup.userId, denied.approvalId!, "denied", "not this one");
    const told = await agent.callTool(tag("denied"));
    expect(metaOf(told).decision).toBe("approval_denied");
    expect(textOf(told)).toContain("not this one");
    expect(metaOf(await agent.callTool(tag("denied"))).decision).toBe("approval_pending");

    const lapsing = metaOf(await agent.callTool(tag("lapsing")));
    await db.approval.update({ where: { id: lapsing.approvalId! }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await agent.callTool(tag("lapsing"));
    expect(metaOf(expired).decision).toBe("approval_expired");
    expect(textOf(expired)).toContain(lapsing.approvalId!);
    expect(tagCalls("denied") + tagCalls("lapsing")).toBe(0);
    await agent.close();
  });

  test("an approval is bound to the policy version the person saw", async () => {
    const setup = await makeSetup({ transport: "http", url: running.standin.url }, policy({ timeout: "10m", mode: "retry" }));
    const agent = await connectAgent(running.first.url, setup.server.id, setup.token);
    const id = metaOf(await agent.callTool(tag("versioned"))).approvalId!;
    await approve(setup.orgId, setup.userId, id);
    await db.approval.update({ where: { id }, data: { policyVersion: 0 } });
    const after = metaOf(await agent.callTool(tag("versioned")));
    expect(after.decision).toBe("approval_pending");
    expect(after.approvalId).not.toBe(id);
    expect(tagCalls("versioned")).toBe(0);
    await agent.close();
  });

  test("a grant cannot flood the inbox: past 100 pending approvals, a new call is refused", async () => {
    const setup = await makeSetup({ transport: "http", url: running.standin.url }, policy({ timeout: "10m", mode: "retry" }));
    await db.approval.createMany({
      data: Array.from({ length: 100 }, (_, i) => ({
        orgId: setup.orgId, grantId: setup.grant.id, serverId: setup.server.id, policyId: setup.policy.id, policyVersion: 1, toolName: "set_experiment_tag",
        arguments: { i }, argumentsHash: `h${i}`, ruleId: "/tools/set_experiment_tag", mode: "retry" as const, expiresAt: new Date(Date.now() + 600_000),
      })),
    });
    const agent = await connectAgent(running.first.url, setup.server.id, setup.token);
    const refused = await agent.callTool(tag("flood"));
    expect(metaOf(refused).decision).toBe("rate_limited");
    expect(textOf(refused)).toContain("100 calls waiting for approval");
    expect(await db.approval.count({ where: { grantId: setup.grant.id } })).toBe(100);
    await agent.close();
  });

  test("auto mode still holds a client that sent a progress token, resetting its timeout on progress", async () => {
    const setup = await makeSetup({ transport: "http", url: running.standin.url }, policy({ timeout: "1m" }));
    const agent = await connectAgent(running.first.url, setup.server.id, setup.token);
    const progress: string[] = [];
    const call = agent.callTool(tag("held-open"), undefined, {
      timeout: 1_000, resetTimeoutOnProgress: true, onprogress: (p) => void progress.push(p.message ?? ""),
    });
    let row = null;
    for (let i = 0; i < 200 && !row; i++) {
      row = await db.approval.findFirst({ where: { grantId: setup.grant.id, status: "pending" } });
      if (!row) await new Promise((r) => setTimeout(r, 50));
    }
    expect(row?.mode).toBe("hold");
    // Longer than the client's own timeout: progress keeps it waiting.
    await new Promise((r) => setTimeout(r, 1_500));
    await approve(setup.orgId, setup.userId, row!.id);
    const result = await call;
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(progress.length).toBeGreaterThan(0);
    expect(tagCalls("held-open")).toBe(1);
    await agent.close();
  });
});
