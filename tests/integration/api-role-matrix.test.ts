// The role matrix: every REST action with a key of every role — allowed at or above the action's
// role, 403 (code "forbidden") below it.
import { describe, expect, test } from "vitest";
import * as grants from "@/app/api/v1/grants/route";
import * as grant from "@/app/api/v1/grants/[id]/route";
import * as rotate from "@/app/api/v1/grants/[id]/rotate/route";
import * as approvalsList from "@/app/api/v1/approvals/route";
import * as approve from "@/app/api/v1/approvals/[id]/approve/route";
import * as deny from "@/app/api/v1/approvals/[id]/deny/route";
import * as standing from "@/app/api/v1/approvals/[id]/standing/route";
import * as grantStanding from "@/app/api/v1/grants/[id]/standing-approvals/route";
import * as audit from "@/app/api/v1/audit/route";
import * as auditExport from "@/app/api/v1/audit/export/route";
import * as organization from "@/app/api/v1/organization/route";
import * as policy from "@/app/api/v1/policies/[id]/route";
import { hasRole, roles, type Role } from "@/lib/auth/roles";
import { createGrantFor } from "@/lib/data/grant-lifecycle";
import { db } from "@/lib/db";
import { apiRequest, makeApproval, makeServerAndPolicy, makeTenant, params } from "./api-helpers";

type Tenant = Awaited<ReturnType<typeof makeTenant>>;
type Action = { name: string; role: Role; call: (t: Tenant, token: string) => Promise<Response>; ok: number };

async function freshGrant(t: Tenant) {
  return createGrantFor(t.org.id, { userId: t.userId, apiKeyId: null }, { serverId: t.server.id, policyId: t.policy.id, name: "matrix" });
}

async function freshApproval(t: Tenant) {
  const g = await freshGrant(t);
  return makeApproval(t.org.id, g.id, t.server.id, t.policy.id);
}

/** An approved call that allows identical calls for ten minutes. */
async function freshStanding(t: Tenant) {
  const a = await freshApproval(t);
  await db.approval.update({ where: { id: a.id }, data: { status: "approved", decidedAt: new Date() } });
  await db.standingApproval.create({
    data: {
      orgId: t.org.id, grantId: a.grantId, serverId: a.serverId, toolName: a.toolName, argumentsHash: a.argumentsHash,
      policyId: a.policyId, policyVersion: a.policyVersion, approvalId: a.id, until: new Date(Date.now() + 600_000),
    },
  });
  return a;
}

const actions: Action[] = [
  { name: "list grants", role: "viewer", ok: 200, call: (_t, k) => grants.GET(apiRequest("GET", "/api/v1/grants", k), params()) },
  {
    name: "create grant", role: "editor", ok: 201,
    call: (t, k) => grants.POST(apiRequest("POST", "/api/v1/grants", k, { serverId: t.server.id, policyId: t.policy.id, name: "m" }), params()),
  },
  { name: "get grant", role: "viewer", ok: 200, call: async (t, k) => { const g = await freshGrant(t); return grant.GET(apiRequest("GET", "/", k), params({ id: g.id })); } },
  { name: "revoke grant", role: "editor", ok: 200, call: async (t, k) => { const g = await freshGrant(t); return grant.DELETE(apiRequest("DELETE", "/", k), params({ id: g.id })); } },
  { name: "rotate grant", role: "editor", ok: 200, call: async (t, k) => { const g = await freshGrant(t); return rotate.POST(apiRequest("POST", "/", k), params({ id: g.id })); } },
  { name: "edit grant", role: "editor", ok: 200, call: async (t, k) => { const g = await freshGrant(t); return grant.PATCH(apiRequest("PATCH", "/", k, { name: "renamed" }), params({ id: g.id })); } },
  {
    name: "delete unused policy", role: "editor", ok: 204,
    call: async (t, k) => { const unused = await makeServerAndPolicy(t.org.id, "unused"); return policy.DELETE(apiRequest("DELETE", "/", k), params({ id: unused.policy.id })); },
  },
  { name: "list approvals", role: "viewer", ok: 200, call: (_t, k) => approvalsList.GET(apiRequest("GET", "/api/v1/approvals", k), params()) },
  { name: "approve", role: "editor", ok: 200, call: async (t, k) => { const a = await freshApproval(t); return approve.POST(apiRequest("POST", "/", k), params({ id: a.id })); } },
  { name: "deny", role: "editor", ok: 200, call: async (t, k) => { const a = await freshApproval(t); return deny.POST(apiRequest("POST", "/", k), params({ id: a.id })); } },
  { name: "read identical-calls allowance", role: "viewer", ok: 200, call: async (t, k) => { const a = await freshStanding(t); return standing.GET(apiRequest("GET", "/", k), params({ id: a.id })); } },
  { name: "stop identical calls", role: "editor", ok: 200, call: async (t, k) => { const a = await freshStanding(t); return standing.DELETE(apiRequest("DELETE", "/", k), params({ id: a.id })); } },
  {
    name: "list a grant's identical-calls allowances", role: "viewer", ok: 200,
    call: async (t, k) => { const a = await freshStanding(t); return grantStanding.GET(apiRequest("GET", `/api/v1/grants/${a.grantId}/standing-approvals`, k), params({ id: a.grantId })); },
  },
  { name: "list audit", role: "viewer", ok: 200, call: (_t, k) => audit.GET(apiRequest("GET", "/api/v1/audit", k), params()) },
  { name: "export audit", role: "viewer", ok: 200, call: (_t, k) => auditExport.GET(apiRequest("GET", "/api/v1/audit/export", k), params()) },
  { name: "read organization", role: "viewer", ok: 200, call: (_t, k) => organization.GET(apiRequest("GET", "/", k), params()) },
  { name: "rename organization", role: "admin", ok: 200, call: (_t, k) => organization.PATCH(apiRequest("PATCH", "/", k, { name: "Renamed" }), params()) },
];

describe("role matrix (REST, API keys)", () => {
  const cases = actions.flatMap((action) => roles.map((role) => ({ action, role })));
  test.each(cases.map((c) => [`${c.role} → ${c.action.name}`, c] as const))("%s", async (_label, { action, role }) => {
    const t = await makeTenant(`matrix-${role}`);
    const response = await action.call(t, t.keys[role]);
    const expected = hasRole(role, action.role) ? action.ok : 403;
    expect(response.status, await response.clone().text()).toBe(expected);
    if (expected === 403) expect((await response.json()).error.code).toBe("forbidden");
  });
});
