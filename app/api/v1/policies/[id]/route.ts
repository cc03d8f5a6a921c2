import { withOrg } from "@/lib/auth/with-org";
import { getPolicy, savePolicyVersion } from "@/lib/data/policies";
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
