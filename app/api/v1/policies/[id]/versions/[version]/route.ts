import { withOrg } from "@/lib/auth/with-org";
import { getPolicyVersion } from "@/lib/data/policies";
import { versionParam } from "../../../version-param";

export const GET = withOrg(async (_request, ctx, params) => {
  const version = await getPolicyVersion(ctx.orgId, params.id!, versionParam(params.version));
  return Response.json({ version: version.version, author: version.author, note: version.note, createdAt: version.createdAt, document: version.document });
}, { role: "viewer" });
