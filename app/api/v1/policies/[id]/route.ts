import { withOrg } from "@/lib/auth/with-org";
import { actorOf } from "@/lib/data/control-events";
import { deletePolicy, getPolicy, savePolicyVersion } from "@/lib/data/policies";
import { savePolicyBodySchema } from "@/lib/schemas/policy-body";
import { importedDocument, readPolicyBody } from "../document-body";
import { policyJson } from "../policy-json";

export const GET = withOrg(async (_request, ctx, params) => Response.json(policyJson(await getPolicy(ctx.orgId, params.id!))), { role: "viewer" });

/** The body is `{ document, note?, baseVersion? }` or a bare policy document (Warden's or PolicyLayer's). */
export const PUT = withOrg(async (request, ctx, params) => {
  const body = await readPolicyBody(request, savePolicyBodySchema);
  const { document, imported } = importedDocument(body.document);
  const saved = await savePolicyVersion(ctx.orgId, params.id!, document, {
    authorId: ctx.user?.id ?? null,
    apiKeyId: ctx.apiKeyId,
    note: body.note ?? null,
    baseVersion: body.baseVersion,
  });
  return Response.json(imported.length > 0 ? { ...saved, imported } : saved);
}, { role: "editor" });

// DELETE /api/v1/policies/{id}: 204; 409 naming the grants while any grant uses it
export const DELETE = withOrg(async (_request, ctx, params) => {
  await deletePolicy(ctx.orgId, params.id!, actorOf(ctx));
  return new Response(null, { status: 204 });
}, { role: "editor" });
