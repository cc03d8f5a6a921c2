import { withOrg } from "@/lib/auth/with-org";
import { createPolicy, listPolicies } from "@/lib/data/policies";
import { readJsonBody } from "@/lib/http/json-body";
import { createPolicyBodySchema } from "@/lib/schemas/policy-body";
import { policyJson } from "./policy-json";

export const GET = withOrg(async (request, ctx) => {
  const serverId = new URL(request.url).searchParams.get("serverId") ?? undefined;
  const policies = await listPolicies(ctx.orgId, { serverId });
  return Response.json({
    data: policies.map((p) => ({ id: p.id, name: p.name, serverId: p.serverId, version: p.currentVersion, updatedAt: p.updatedAt })),
    nextCursor: null,
  });
}, { role: "viewer" });

export const POST = withOrg(async (request, ctx) => {
  const body = await readJsonBody(request, createPolicyBodySchema);
  const policy = await createPolicy(ctx.orgId, body, ctx.user?.id ?? null, ctx.apiKeyId);
  return Response.json(policyJson(policy), { status: 201 });
}, { role: "editor" });
