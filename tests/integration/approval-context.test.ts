// The approval page's data: the grant and its agent, the tool's risk and class, the rule as the
// policy version wrote it, the previous approved call of the same tool (for the diff), and the
// grant's recent decisions. Another organization's approval is a 404.
import { afterAll, describe, expect, test, vi } from "vitest";
import { decideApprovalAction, stopIdenticalCallsAction } from "@/app/(dashboard)/[org]/approvals/actions";
import { getApprovalContext } from "@/lib/data/approval-context";
import { decideApproval } from "@/lib/data/approvals";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { makeSetup, removeTestData } from "./gateway/fixtures";
import { session } from "./servers-fake-session";

vi.mock("@/lib/auth/session", async () => ({
  ...(await vi.importActual<typeof import("@/lib/auth/session")>("@/lib/auth/session")),
  ...(await import("./servers-fake-session")),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

afterAll(removeTestData);

const document = { version: "1", default: "deny", tools: { set_experiment_tag: { action: "require_approval", approval: { timeout: "10m", mode: "retry" } } } };

async function held(setup: Awaited<ReturnType<typeof makeSetup>>, args: Record<string, string>, minutesAgo: number) {
  return db.approval.create({
    data: {
      orgId: setup.orgId, grantId: setup.grant.id, serverId: setup.server.id, policyId: setup.policy.id, policyVersion: 1, toolName: "set_experiment_tag",
      arguments: args, argumentsHash: JSON.stringify(args), ruleId: "/tools/set_experiment_tag", mode: "retry",
      createdAt: new Date(Date.now() - minutesAgo * 60_000), expiresAt: new Date(Date.now() + 600_000),
    },
  });
}

describe("approval context", () => {
  test("grant, tool risk and class, rule, previous approved arguments and recent decisions", async () => {
    const setup = await makeSetup({ transport: "http", url: "http://127.0.0.1:1/mcp" }, document);
    await db.tool.create({
      data: { orgId: setup.orgId, serverId: setup.server.id, name: "set_experiment_tag", class: "write", risk: "medium", fingerprint: "f", riskReasons: ["it changes state"] },
    });
    const actor = { userId: setup.userId, apiKeyId: null };
    const older = await held(setup, { experiment_id: "1", key: "owner", value: "bob" }, 30);
    await decideApproval(setup.orgId, older.id, { decision: "approved", actor });
    const refused = await held(setup, { experiment_id: "1", key: "owner", value: "mallory" }, 20);
    await decideApproval(setup.orgId, refused.id, { decision: "denied", note: "no", actor });
    const current = await held(setup, { experiment_id: "1", key: "owner", value: "ada" }, 1);

    const context = await getApprovalContext(setup.orgId, current.id);
    expect(context).toMatchObject({
      mode: "retry",
      serverName: setup.server.name,
      tool: { risk: "medium", class: "write", riskReasons: ["it changes state"] },
      rule: { action: "require_approval", approval: { timeout: "10m", mode: "retry" } },
      previous: { id: older.id, arguments: { experiment_id: "1", key: "owner", value: "bob" } },
      recent: { days: 7, approved: 1, denied: 1, expired: 0 },
      allowIdenticalMaxMinutes: 0,
      standing: null,
    });
    expect(context.approval).toMatchObject({ id: current.id, grantName: "agent", status: "pending" });
    // The older approval has no earlier approved call of its own.
    expect((await getApprovalContext(setup.orgId, older.id)).previous).toBeNull();
  });

  test("an approval of another organization is not found", async () => {
    const mine = await makeSetup({ transport: "http", url: "http://127.0.0.1:1/mcp" }, document);
    const theirs = await makeSetup({ transport: "http", url: "http://127.0.0.1:1/mcp" }, document);
    const approval = await held(theirs, { experiment_id: "2" }, 1);
    await expect(getApprovalContext(mine.orgId, approval.id)).rejects.toSatisfy((e) => e instanceof AppError && e.code === "not_found");
  });

  test("where the rule permits, the action approves and allows identical calls; another organization's approval is a 404", async () => {
    const permissive = { ...document, tools: { set_experiment_tag: { action: "require_approval", approval: { timeout: "10m", mode: "retry", allow_identical_for: "2h" } } } };
    const mine = await makeSetup({ transport: "http", url: "http://127.0.0.1:1/mcp" }, permissive);
    const theirs = await makeSetup({ transport: "http", url: "http://127.0.0.1:1/mcp" }, permissive);
    const slug = (await db.organization.findUniqueOrThrow({ where: { id: mine.orgId } })).slug;
    const user = await db.user.findUniqueOrThrow({ where: { id: mine.userId } });
    session.user = { id: user.id, email: user.email, name: user.name };

    const current = await held(mine, { experiment_id: "3" }, 1);
    expect((await getApprovalContext(mine.orgId, current.id)).allowIdenticalMaxMinutes).toBe(120);
    const tooLong = await decideApprovalAction(slug, { id: current.id, decision: "approved", allowIdenticalMinutes: 121 });
    expect(tooLong).toMatchObject({ ok: false, error: { code: "unprocessable" } });
    const decided = await decideApprovalAction(slug, { id: current.id, decision: "approved", note: "batch", allowIdenticalMinutes: 15 });
    expect(decided).toMatchObject({ ok: true, data: { status: "approved", allowIdenticalUntil: expect.any(String) } });
    const context = await getApprovalContext(mine.orgId, current.id);
    expect(context.standing).toMatchObject({ revokedAt: null });
    expect(await db.standingApproval.findUniqueOrThrow({ where: { approvalId: current.id } })).toMatchObject({
      orgId: mine.orgId, grantId: mine.grant.id, toolName: "set_experiment_tag", argumentsHash: JSON.stringify({ experiment_id: "3" }), policyVersion: 1,
    });

    const foreign = await held(theirs, { experiment_id: "4" }, 1);
    expect(await decideApprovalAction(slug, { id: foreign.id, decision: "approved", allowIdenticalMinutes: 15 })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await db.standingApproval.count({ where: { approvalId: foreign.id } })).toBe(0);

    // Stopping it: once; another organization's is a 404.
    await decideApprovalAction((await db.organization.findUniqueOrThrow({ where: { id: theirs.orgId } })).slug, { id: foreign.id, decision: "approved" });
    expect(await stopIdenticalCallsAction(slug, { id: foreign.id })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await stopIdenticalCallsAction(slug, { id: current.id })).toMatchObject({ ok: true });
    expect((await getApprovalContext(mine.orgId, current.id)).standing?.revokedAt).toEqual(expect.any(String));
    expect(await stopIdenticalCallsAction(slug, { id: current.id })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await db.auditEvent.count({ where: { orgId: mine.orgId, method: "approval/stop-identical" } })).toBe(1);
    session.user = null;
  });
});
