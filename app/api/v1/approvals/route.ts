import { withOrg } from "@/lib/auth/with-org";
import { countPendingApprovals, listApprovals } from "@/lib/data/approvals";
import { approvalListQuerySchema } from "@/lib/schemas/approval";
import { parseQuery } from "@/lib/schemas/audit";

// GET /api/v1/approvals?status=pending|decided|approved|denied|expired|all&cursor=&limit=
export const GET = withOrg(async (request, ctx) => {
  const query = parseQuery(request.url, approvalListQuerySchema);
  const [page, pendingCount] = await Promise.all([listApprovals(ctx.orgId, query), countPendingApprovals(ctx.orgId)]);
  return Response.json({ ...page, pendingCount }, { headers: { "cache-control": "no-store" } });
}, { role: "viewer" });
