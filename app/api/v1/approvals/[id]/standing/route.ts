import { withOrg } from "@/lib/auth/with-org";
import { actorOf } from "@/lib/data/control-events";
import { getStandingApproval, revokeStandingApproval } from "@/lib/data/standing-approvals";

// GET /api/v1/approvals/{id}/standing: the identical calls this approval allows (404 when it allows none)
export const GET = withOrg(async (_request, ctx, params) => Response.json(await getStandingApproval(ctx.orgId, params.id ?? ""), {
  headers: { "cache-control": "no-store" },
}), { role: "viewer" });

// DELETE /api/v1/approvals/{id}/standing: stop allowing identical calls now (editors, as for deciding)
export const DELETE = withOrg(async (_request, ctx, params) => Response.json(await revokeStandingApproval(ctx.orgId, params.id ?? "", actorOf(ctx))), {
  role: "editor",
});
