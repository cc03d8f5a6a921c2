import { withOrg } from "@/lib/auth/with-org";
import { actorOf } from "@/lib/data/control-events";
import { revokeGrantFor, updateGrantFor } from "@/lib/data/grant-lifecycle";
import { getGrantView } from "@/lib/data/grant-views";
import { readJsonBody } from "@/lib/http/json-body";
import { updateGrantBodySchema } from "@/lib/schemas/grant";

// GET /api/v1/grants/{id}
export const GET = withOrg(async (_request, ctx, params) => Response.json(await getGrantView(ctx.orgId, params.id ?? "")), {
  role: "viewer",
});

// DELETE /api/v1/grants/{id}: revoke (the token stops working; the grant stays in the audit trail)
export const DELETE = withOrg(async (_request, ctx, params) => {
  await revokeGrantFor(ctx.orgId, actorOf(ctx), params.id ?? "");
  return Response.json(await getGrantView(ctx.orgId, params.id ?? ""));
}, { role: "editor" });

// PATCH /api/v1/grants/{id} { name?, policyId?, expiresAt? }: same token; gateways apply it at once
export const PATCH = withOrg(async (request, ctx, params) => {
  const body = await readJsonBody(request, updateGrantBodySchema);
  await updateGrantFor(ctx.orgId, actorOf(ctx), params.id ?? "", body);
  return Response.json(await getGrantView(ctx.orgId, params.id ?? ""));
}, { role: "editor" });
