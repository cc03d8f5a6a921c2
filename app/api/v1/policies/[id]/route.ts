import { withOrg } from "@/lib/auth/with-org";
import { actorOf } from "@/lib/data/control-events";
import { deletePolicy, getPolicy, savePolicyVersion } from "@/lib/data/policies";
import { readJsonBody } from "@/lib/http/json-body";
import { savePolicyBodySchema } from "@/lib/schemas/policy-body";
import { policyJson } from "../policy-json";

export const GET = withOrg(async (_request, ctx, params) => Response.json(policyJson(await getPolicy(ctx.orgId, params.id!))), { role: "viewer" });

export const PUT = withOrg(async (request, ctx, params) => {
  const body = await readJsonBody(request, savePolicyBodySchema);
  const saved = await savePolicyVersion(ctx.orgId, params.id!, body.document, {
    authorId: ctx.user?.id ?? null,
    apiKeyId: ctx.apiKeyId,
    note: body.note ?? null,
    baseVersion: body.baseVersion,
  });
  return Response.json(saved);
}, { role: "editor" });

// DELETE /api/v1/policies/{id}: 204; 409 naming the grants while any grant uses it
export const DELETE = withOrg(async (_request, ctx, params) => {
  await deletePolicy(ctx.orgId, params.id!, actorOf(ctx));
  return new Response(null, { status: 204 });
}, { role: "editor" });
