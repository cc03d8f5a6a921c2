import { withOrg } from "@/lib/auth/with-org";
import { listStandingApprovals } from "@/lib/data/standing-approvals";
import { standingApprovalListQuerySchema } from "@/lib/schemas/approval";
import { parseQuery } from "@/lib/schemas/audit";

// GET /api/v1/grants/{id}/standing-approvals?status=active|all&cursor=&limit=: identical calls the grant may make without asking
export const GET = withOrg(async (request, ctx, params) => {
  const query = parseQuery(request.url, standingApprovalListQuerySchema);
  return Response.json(await listStandingApprovals(ctx.orgId, params.id ?? "", query), { headers: { "cache-control": "no-store" } });
}, { role: "viewer" });
