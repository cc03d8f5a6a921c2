import { withOrg } from "@/lib/auth/with-org";
import { listPolicyVersions } from "@/lib/data/policies";

export const GET = withOrg(async (_request, ctx, params) => {
  const versions = await listPolicyVersions(ctx.orgId, params.id!);
  return Response.json({
    data: versions.map((v) => ({ version: v.version, author: v.author, note: v.note, createdAt: v.createdAt })),
    nextCursor: null,
  });
}, { role: "viewer" });
