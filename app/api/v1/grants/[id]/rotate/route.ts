import { withOrg } from "@/lib/auth/with-org";
import { actorOf } from "@/lib/data/control-events";
import { rotateGrantFor } from "@/lib/data/grant-lifecycle";

// POST /api/v1/grants/{id}/rotate → { id, name, token, gatewayUrl, secretUrl } (the old token stops)
export const POST = withOrg(async (_request, ctx, params) => {
  return Response.json(await rotateGrantFor(ctx.orgId, actorOf(ctx), params.id ?? ""), { headers: { "cache-control": "no-store" } });
}, { role: "editor" });
