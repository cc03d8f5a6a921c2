import { withOrg } from "@/lib/auth/with-org";
import { getPolicy, savePolicyVersion } from "@/lib/data/policies";
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
