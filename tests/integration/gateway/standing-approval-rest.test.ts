// REST for "approve and allow identical calls for N minutes": read an approval's allowance, list a
// grant's, and stop one. Stopping goes through the same function as the page's "Stop allowing
// identical calls": an audit row names the key, and the gateway asks a person again from the very
// next identical call. Another organization's approval or grant is a 404 and nothing changes.
import { afterAll, describe, expect, test } from "vitest";
import { POST as approve } from "@/app/api/v1/approvals/[id]/approve/route";
import * as standingRoute from "@/app/api/v1/approvals/[id]/standing/route";
import { GET as listForGrant } from "@/app/api/v1/grants/[id]/standing-approvals/route";
import { WARDEN_META_KEY } from "@/gateway/enforce/verdict";
import { db } from "@/lib/db";
import type { StandingApprovalView } from "@/lib/schemas/approval";
import { makeApiKey } from "../../helpers/factories";
import { apiRequest, params } from "../api-helpers";
import { makeSetup, removeTestData } from "./fixtures";
import { connectAgent, textOf, useStandinAndGateway } from "./harness";

const running = useStandinAndGateway();
afterAll(removeTestData);

const document = {
  version: "1", default: "allow",
  tools: { set_experiment_tag: { action: "require_approval", approval: { timeout: "30m", mode: "retry", allow_identical_for: "1h" } } },
};
const call = (value: string) => ({ name: "set_experiment_tag", arguments: { experiment_id: "1", key: "stage", value } });
const decisionOf = (result: { _meta?: Record<string, unknown> }) => (result._meta?.[WARDEN_META_KEY] ?? {}) as { decision: string; approvalId?: string };
const forwarded = (value: string) => running.standin.toolCalls.filter((c) => c.tool === "set_experiment_tag" && c.arguments.value === value).length;

async function tenant() {
  const setup = await makeSetup({ transport: "http", url: running.standin.url }, document);
  const editor = await makeApiKey(setup.orgId, "editor");
  const viewer = await makeApiKey(setup.orgId, "viewer");
  return { setup, editor, viewer };
}

const getStanding = (approvalId: string, key: string) => standingRoute.GET(apiRequest("GET", `/api/v1/approvals/${approvalId}/standing`, key), params({ id: approvalId }));
const stopStanding = (approvalId: string, key: string) => standingRoute.DELETE(apiRequest("DELETE", `/api/v1/approvals/${approvalId}/standing`, key), params({ id: approvalId }));
const listStanding = (grantId: string, key: string, query = "") =>
  listForGrant(apiRequest("GET", `/api/v1/grants/${grantId}/standing-approvals${query}`, key), params({ id: grantId }));

/** A held call approved over REST with identical calls allowed for 30 minutes; the retry consumed. */
async function approvedWithStanding(t: Awaited<ReturnType<typeof tenant>>, value: string) {
  const agent = await connectAgent(running.gateway.url, t.setup.server.id, t.setup.token);
  const held = decisionOf(await agent.callTool(call(value)));
  expect(held.decision).toBe("approval_pending");
  const id = held.approvalId!;
  const answer = await approve(apiRequest("POST", `/api/v1/approvals/${id}/approve`, t.editor.token, { allowIdenticalMinutes: 30 }), params({ id }));
  expect(answer.status, await answer.clone().text()).toBe(200);
  const retried = await agent.callTool(call(value));
  expect(retried.isError, textOf(retried)).toBeFalsy();
  return { agent, approvalId: id };
}

describe("REST: identical-calls allowances", () => {
  test("read, list, stop: the gateway asks again at the next identical call, and an audit row names the key", async () => {
    const t = await tenant();
    const { agent, approvalId } = await approvedWithStanding(t, "rest-stop");

    const read = await getStanding(approvalId, t.viewer.token);
    expect(read.status).toBe(200);
    const allowance = (await read.json()) as StandingApprovalView;
    expect(allowance).toMatchObject({ approvalId, grantId: t.setup.grant.id, serverId: t.setup.server.id, toolName: "set_experiment_tag", revokedAt: null, active: true });
    expect(new Date(allowance.until).getTime()).toBeGreaterThan(Date.now() + 29 * 60_000);

    const listed = (await (await listStanding(t.setup.grant.id, t.viewer.token)).json()) as { data: StandingApprovalView[]; nextCursor: string | null };
    expect(listed.data.map((s) => s.id)).toEqual([allowance.id]);
    expect(listed.nextCursor).toBeNull();

    // Honoured while it lasts.
    expect((await agent.callTool(call("rest-stop"))).isError).toBeFalsy();
    expect(forwarded("rest-stop")).toBe(2);

    const stopped = await stopStanding(approvalId, t.editor.token);
    expect(stopped.status, await stopped.clone().text()).toBe(200);
    expect(await stopped.json()).toMatchObject({ id: allowance.id, active: false, revokedAt: expect.any(String) });

    // At once: the very next identical call is held, not forwarded.
    expect(decisionOf(await agent.callTool(call("rest-stop"))).decision).toBe("approval_pending");
    expect(forwarded("rest-stop")).toBe(2);
    await agent.close();

    const event = await db.auditEvent.findFirstOrThrow({ where: { orgId: t.setup.orgId, method: "approval/stop-identical" } });
    expect(event).toMatchObject({ decision: "revoked", grantId: t.setup.grant.id, tool: "set_experiment_tag", actorUserId: null });
    expect(event.detail).toMatchObject({ approvalId, standingApprovalId: allowance.id, apiKeyId: t.editor.id });

    // Stopped once: a second stop finds nothing to stop; reading still shows it, stopped.
    expect((await stopStanding(approvalId, t.editor.token)).status).toBe(404);
    expect(await (await getStanding(approvalId, t.viewer.token)).json()).toMatchObject({ active: false, revokedAt: expect.any(String) });
    expect(((await (await listStanding(t.setup.grant.id, t.viewer.token)).json()) as { data: unknown[] }).data).toEqual([]);
    const all = (await (await listStanding(t.setup.grant.id, t.viewer.token, "?status=all")).json()) as { data: StandingApprovalView[] };
    expect(all.data.map((s) => s.id)).toEqual([allowance.id]);
    expect(await db.auditEvent.count({ where: { orgId: t.setup.orgId, method: "approval/stop-identical" } })).toBe(1);
  });

  test("an approval that allowed nothing is a 404; a bad query is a 422; the list pages", async () => {
    const t = await tenant();
    const agent = await connectAgent(running.gateway.url, t.setup.server.id, t.setup.token);
    const held = decisionOf(await agent.callTool(call("once-only")));
    await approve(apiRequest("POST", "/", t.editor.token, {}), params({ id: held.approvalId! }));
    expect((await getStanding(held.approvalId!, t.viewer.token)).status).toBe(404);
    expect((await stopStanding(held.approvalId!, t.editor.token)).status).toBe(404);
    expect((await listStanding(t.setup.grant.id, t.viewer.token, "?status=stopped")).status).toBe(422);
    await agent.close();

    const first = await approvedWithStanding(t, "page-a");
    const second = await approvedWithStanding(t, "page-b");
    await first.agent.close();
    await second.agent.close();
    const page1 = (await (await listStanding(t.setup.grant.id, t.viewer.token, "?limit=1")).json()) as { data: StandingApprovalView[]; nextCursor: string };
    expect(page1.data.map((s) => s.approvalId)).toEqual([second.approvalId]);
    const page2 = (await (await listStanding(t.setup.grant.id, t.viewer.token, `?limit=1&cursor=${page1.nextCursor}`)).json()) as { data: StandingApprovalView[]; nextCursor: string | null };
    expect(page2.data.map((s) => s.approvalId)).toEqual([first.approvalId]);
    expect(page2.nextCursor).toBeNull();
  });

  test("another organization's approval or grant is a 404, and its allowance keeps working", async () => {
    const mine = await tenant();
    const theirs = await tenant();
    const { agent, approvalId } = await approvedWithStanding(theirs, "cross-tenant");

    expect((await getStanding(approvalId, mine.viewer.token)).status).toBe(404);
    const stop = await stopStanding(approvalId, mine.editor.token);
    expect(stop.status).toBe(404);
    expect((await stop.json()).error.code).toBe("not_found");
    expect((await listStanding(theirs.setup.grant.id, mine.viewer.token)).status).toBe(404);
    // A cursor naming their allowance lists nothing of theirs on my grant.
    const theirAllowance = await db.standingApproval.findUniqueOrThrow({ where: { approvalId } });
    const probed = (await (await listStanding(mine.setup.grant.id, mine.viewer.token, `?status=all&cursor=${theirAllowance.id}`)).json()) as { data: unknown[] };
    expect(probed.data).toEqual([]);

    expect(theirAllowance.revokedAt).toBeNull();
    expect(await db.auditEvent.count({ where: { orgId: { in: [mine.setup.orgId, theirs.setup.orgId] }, method: "approval/stop-identical" } })).toBe(0);
    expect((await agent.callTool(call("cross-tenant"))).isError).toBeFalsy();
    expect(forwarded("cross-tenant")).toBe(2);
    await agent.close();
  });
});
