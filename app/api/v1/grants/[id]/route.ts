import { withOrg } from "@/lib/auth/with-org";
import { actorOf } from "@/lib/data/control-events";
import { revokeGrantFor } from "@/lib/data/grant-lifecycle";
import { getGrantView } from "@/lib/data/grant-views";

// GET /api/v1/grants/{id}
export const GET = withOrg(async (_request, ctx, params) => Response.json(await getGrantView(ctx.orgId, params.id ?? "")), {
  role: "viewer",
});

// DELETE /api/v1/grants/{id}: revoke (the token stops working; the grant stays in the audit trail)
export const DELETE = withOrg(async (_request, ctx, params) => {
  await revokeGrantFor(ctx.orgId, actorOf(ctx), params.id ?? "");
  return Response.json(await getGrantView(ctx.orgId, params.id ?? ""));
}, { role: "editor" });
