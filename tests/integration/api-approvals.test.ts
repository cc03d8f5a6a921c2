// REST /api/v1/approvals: list, approve, deny — decided once, expired refused, tenant-scoped.
import { describe, expect, test } from "vitest";
import { GET as listApprovals } from "@/app/api/v1/approvals/route";
import { POST as approve } from "@/app/api/v1/approvals/[id]/approve/route";
import { POST as deny } from "@/app/api/v1/approvals/[id]/deny/route";
import { db } from "@/lib/db";
import { createGrantFor } from "@/lib/data/grant-lifecycle";
import { apiRequest, makeApproval, makeTenant, params } from "./api-helpers";

async function tenantWithApproval(label: string, expiresInMs?: number) {
  const t = await makeTenant(label);
  const grant = await createGrantFor(t.org.id, { userId: t.userId, apiKeyId: null }, { serverId: t.server.id, policyId: t.policy.id, name: "agent" });
  const approval = await makeApproval(t.org.id, grant.id, t.server.id, t.policy.id, expiresInMs);
  return { ...t, grant, approval };
}

describe("REST /api/v1/approvals", () => {
  test("pending list → approve with a note → history; a second decision is 409", async () => {
    const t = await tenantWithApproval("apr-happy");
    const pending = await (await listApprovals(apiRequest("GET", "/api/v1/approvals?status=pending", t.keys.viewer), params())).json();
    expect(pending.pendingCount).toBe(1);
    expect(pending.data[0]).toMatchObject({
      id: t.approval.id, grantName: "agent", toolName: "delete_experiment", arguments: { experiment_id: "7" }, ruleId: "/tools/delete_experiment", status: "pending",
    });

    const path = `/api/v1/approvals/${t.approval.id}/approve`;
    const approved = await approve(apiRequest("POST", path, t.keys.editor, { note: "looks fine" }), params({ id: t.approval.id }));
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({ status: "approved", note: "looks fine", decidedBy: "API key “test editor”" });

    const again = await deny(apiRequest("POST", `/api/v1/approvals/${t.approval.id}/deny`, t.keys.editor), params({ id: t.approval.id }));
    expect(again.status).toBe(409);
    expect((await db.approval.findUniqueOrThrow({ where: { id: t.approval.id } })).status).toBe("approved");

    const history = await (await listApprovals(apiRequest("GET", "/api/v1/approvals?status=decided", t.keys.viewer), params())).json();
    expect(history.data.map((a: { id: string }) => a.id)).toEqual([t.approval.id]);
    const event = await db.auditEvent.findFirstOrThrow({ where: { orgId: t.org.id, method: "approval/approve" } });
    expect(event).toMatchObject({ kind: "control", decision: "approved", grantId: t.grant.id, reason: "looks fine" });
  });

  test("deny with an empty body; concurrent decisions decide once", async () => {
    const t = await tenantWithApproval("apr-race");
    const id = t.approval.id;
    const results = await Promise.all([
      deny(apiRequest("POST", `/api/v1/approvals/${id}/deny`, t.keys.editor), params({ id })),
      approve(apiRequest("POST", `/api/v1/approvals/${id}/approve`, t.keys.admin, {}), params({ id })),
      approve(apiRequest("POST", `/api/v1/approvals/${id}/approve`, t.keys.owner, {}), params({ id })),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(await db.auditEvent.count({ where: { orgId: t.org.id, method: { startsWith: "approval/" } } })).toBe(1);
  });

  test("an expired call cannot be approved and shows as expired", async () => {
    const t = await tenantWithApproval("apr-expired", -1000);
    const response = await approve(apiRequest("POST", `/api/v1/approvals/${t.approval.id}/approve`, t.keys.editor), params({ id: t.approval.id }));
    expect(response.status).toBe(409);
    expect((await response.json()).error.message).toMatch(/expired/);
    const list = await (await listApprovals(apiRequest("GET", "/api/v1/approvals?status=expired", t.keys.viewer), params())).json();
    expect(list.data[0]).toMatchObject({ id: t.approval.id, status: "expired" });
    expect(list.pendingCount).toBe(0);
  });

  test("validation, unauthenticated, viewer refused, another org's approval is 404", async () => {
    const a = await tenantWithApproval("apr-a");
    const b = await tenantWithApproval("apr-b");
    const id = b.approval.id;
    const badStatus = await listApprovals(apiRequest("GET", "/api/v1/approvals?status=maybe", a.keys.viewer), params());
    expect(badStatus.status).toBe(422);
    expect((await badStatus.json()).error.pointer).toBe("/status");
    const longNote = await approve(apiRequest("POST", `/api/v1/approvals/${a.approval.id}/approve`, a.keys.editor, { note: "x".repeat(501) }), params({ id: a.approval.id }));
    expect(longNote.status).toBe(422);
    expect((await longNote.json()).error.pointer).toBe("/note");
    expect((await listApprovals(apiRequest("GET", "/api/v1/approvals", null), params())).status).toBe(401);
    expect((await approve(apiRequest("POST", `/api/v1/approvals/${a.approval.id}/approve`, null), params({ id: a.approval.id }))).status).toBe(401);
    expect((await approve(apiRequest("POST", `/api/v1/approvals/${a.approval.id}/approve`, a.keys.viewer), params({ id: a.approval.id }))).status).toBe(403);
    expect((await approve(apiRequest("POST", `/api/v1/approvals/${id}/approve`, a.keys.owner), params({ id }))).status).toBe(404);
    expect((await deny(apiRequest("POST", `/api/v1/approvals/${id}/deny`, a.keys.owner), params({ id }))).status).toBe(404);
    expect((await db.approval.findUniqueOrThrow({ where: { id } })).status).toBe("pending");
    const listA = await (await listApprovals(apiRequest("GET", "/api/v1/approvals?status=all", a.keys.viewer), params())).json();
    expect(listA.data.map((x: { id: string }) => x.id)).toEqual([a.approval.id]);
  });
});
