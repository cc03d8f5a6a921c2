import { withOrg } from "@/lib/auth/with-org";
import { restorePolicyVersion } from "@/lib/data/policies";
import { versionParam } from "../../../../version-param";

export const POST = withOrg(async (_request, ctx, params) => {
  const saved = await restorePolicyVersion(ctx.orgId, params.id!, versionParam(params.version), ctx.user?.id ?? null, ctx.apiKeyId);
  return Response.json(saved, { status: 201 });
}, { role: "editor" });
