// "Approve and allow identical calls for N minutes": allowed only where the approval rule's
// allow_identical_for permits (else 422, nothing decided), then honoured by the gateway for the
// same grant, tool, canonical arguments and policy version only, on any worker. REST and the
// server action both decide; another organization's approval is a 404.
import { afterAll, describe, expect, test } from "vitest";
import { POST as approve } from "@/app/api/v1/approvals/[id]/approve/route";
import { POST as deny } from "@/app/api/v1/approvals/[id]/deny/route";
import { WARDEN_META_KEY } from "@/gateway/enforce/verdict";
import { createGrant } from "@/lib/data/grants";
import { savePolicyVersion } from "@/lib/data/policies";
import { revokeStandingApproval } from "@/lib/data/standing-approvals";
import { db } from "@/lib/db";
import { makeApiKey } from "../../helpers/factories";
import { apiRequest, params } from "../api-helpers";
import { makeSetup, removeTestData } from "./fixtures";
import { connectAgent, startTestGateway, textOf, useStandinAndGateway } from "./harness";

const running = useStandinAndGateway();
afterAll(removeTestData);

const documentWith = (approval: Record<string, unknown>) => ({
  version: "1", default: "allow", tools: { set_experiment_tag: { action: "require_approval", approval: { timeout: "30m", mode: "retry", ...approval } } },
});
const call = (value = "production") => ({ name: "set_experiment_tag", arguments: { experiment_id: "1", key: "stage", value } });
type Meta = { decision: string; approvalId?: string };
const metaOf = (result: { _meta?: Record<string, unknown> }) => (result._meta?.[WARDEN_META_KEY] ?? {}) as Meta;

async function tenant(approval: Record<string, unknown>) {
  const setup = await makeSetup({ transport: "http", url: running.standin.url }, documentWith(approval));
  const editor = (await makeApiKey(setup.orgId, "editor")).token;
  const decide = (approvalId: string, body: unknown, key = editor) =>
    approve(apiRequest("POST", `/api/v1/approvals/${approvalId}/approve`, key, body), params({ id: approvalId }));
  return { setup, editor, decide };
}

const forwarded = (value: string) => running.standin.toolCalls.filter((c) => c.tool === "set_experiment_tag" && c.arguments.value === value).length;

describe("standing approvals", () => {
  test("identical calls pass until the time is up; other arguments, another grant or a new policy version ask again", async () => {
    const { setup, decide } = await tenant({ allow_identical_for: "1h" });
    const agent = await connectAgent(running.gateway.url, setup.server.id, setup.token);
    const held = metaOf(await agent.callTool(call("standing")));
    expect(held.decision).toBe("approval_pending");

    const answer = await decide(held.approvalId!, { note: "fine for a while", allowIdenticalMinutes: 30 });
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { status: string; allowIdenticalUntil: string };
    expect(body.status).toBe("approved");
    const until = new Date(body.allowIdenticalUntil).getTime();
    expect(until).toBeGreaterThan(Date.now() + 29 * 60_000);
    expect(until).toBeLessThanOrEqual(Date.now() + 30 * 60_000);

    // The retry consumes the approval; the next identical calls pass on the standing approval, on another worker too.
    const retried = await agent.callTool(call("standing"));
    expect(retried.isError, textOf(retried)).toBeFalsy();
    const again = await agent.callTool(call("standing"));
    expect(again.isError, textOf(again)).toBeFalsy();
    const other = await startTestGateway();
    try {
      const elsewhere = await connectAgent(other.url, setup.server.id, setup.token);
      expect((await elsewhere.callTool(call("standing"))).isError).toBeFalsy();
      await elsewhere.close();
    } finally {
      await other.close();
    }
    expect(forwarded("standing")).toBe(3);

    // Another argument is held.
    expect(metaOf(await agent.callTool(call("changed"))).decision).toBe("approval_pending");
    // Another grant with the same arguments is held.
    const second = await createGrant(setup.orgId, { serverId: setup.server.id, policyId: setup.policy.id, name: "another agent" });
    const stranger = await connectAgent(running.gateway.url, setup.server.id, second.token);
    expect(metaOf(await stranger.callTool(call("standing"))).decision).toBe("approval_pending");
    await stranger.close();

    // The audit trail names the standing approval.
    await expect.poll(async () => db.auditEvent.count({ where: { orgId: setup.orgId, decision: "approval_granted", reason: { contains: "standing approval" } } }), { timeout: 10_000 }).toBe(2);
    const control = await db.auditEvent.findFirstOrThrow({ where: { orgId: setup.orgId, method: "approval/approve" } });
    expect(control.detail).toMatchObject({ approvalId: held.approvalId, allowIdenticalUntil: body.allowIdenticalUntil });

    // Stopped by a person, it no longer applies; a new one (approved again) does.
    await revokeStandingApproval(setup.orgId, held.approvalId!, { userId: setup.userId, apiKeyId: null });
    const afterStop = metaOf(await agent.callTool(call("standing")));
    expect(afterStop.decision).toBe("approval_pending");
    expect((await decide(afterStop.approvalId!, { allowIdenticalMinutes: 30 })).status).toBe(200);
    expect((await agent.callTool(call("standing"))).isError).toBeFalsy();
    expect((await agent.callTool(call("standing"))).isError).toBeFalsy();
    expect(forwarded("standing")).toBe(5);

    // A new policy version ends it.
    // The new version also denies get_experiment_by_name, so polling that tool tells when the gateway has it
    // without sending the standing call through while the old version still holds.
    const next = documentWith({ allow_identical_for: "1h", timeout: "20m" });
    await savePolicyVersion(setup.orgId, setup.policy.id, { ...next, tools: { ...next.tools, get_experiment_by_name: { action: "deny" } } }, { authorId: setup.userId });
    await expect.poll(async () => metaOf(await agent.callTool({ name: "get_experiment_by_name", arguments: { name: "probe" } })).decision, { timeout: 10_000 }).toBe("deny");
    expect(metaOf(await agent.callTool(call("standing"))).decision).toBe("approval_pending");
    expect(forwarded("standing")).toBe(5);
    await agent.close();
  });

  test("refused (422, nothing decided) where the rule does not permit it or for longer than it permits", async () => {
    const strict = await tenant({});
    const agent = await connectAgent(running.gateway.url, strict.setup.server.id, strict.setup.token);
    const held = metaOf(await agent.callTool(call("strict")));
    const refused = await strict.decide(held.approvalId!, { allowIdenticalMinutes: 5 });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/does not let an approver allow identical calls/);
    expect((await db.approval.findUniqueOrThrow({ where: { id: held.approvalId! } })).status).toBe("pending");
    await agent.close();

    const short = await tenant({ allow_identical_for: "10m" });
    const agent2 = await connectAgent(running.gateway.url, short.setup.server.id, short.setup.token);
    const held2 = metaOf(await agent2.callTool(call("short")));
    const tooLong = await short.decide(held2.approvalId!, { allowIdenticalMinutes: 11 });
    expect(tooLong.status).toBe(422);
    expect(((await tooLong.json()) as { error: { message: string } }).error.message).toMatch(/at most 10 minutes/);
    expect(await db.standingApproval.count({ where: { orgId: short.setup.orgId } })).toBe(0);
    // A denial takes no such field.
    const denial = await deny(apiRequest("POST", `/api/v1/approvals/${held2.approvalId}/deny`, short.editor, { allowIdenticalMinutes: 5 }), params({ id: held2.approvalId! }));
    expect(denial.status).toBe(422);
    // Within the limit it is accepted.
    expect((await short.decide(held2.approvalId!, { allowIdenticalMinutes: 10 })).status).toBe(200);
    await agent2.close();
  });

  test("another organization's approval is a 404, and nothing is allowed", async () => {
    const mine = await tenant({ allow_identical_for: "1h" });
    const theirs = await tenant({ allow_identical_for: "1h" });
    const agent = await connectAgent(running.gateway.url, theirs.setup.server.id, theirs.setup.token);
    const held = metaOf(await agent.callTool(call("theirs")));
    await agent.close();
    const answer = await mine.decide(held.approvalId!, { allowIdenticalMinutes: 10 }, mine.editor);
    expect(answer.status).toBe(404);
    expect((await db.approval.findUniqueOrThrow({ where: { id: held.approvalId! } })).status).toBe("pending");
    expect(await db.standingApproval.count({ where: { approvalId: held.approvalId! } })).toBe(0);
  });
});
