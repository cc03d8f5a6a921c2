import { withOrg } from "@/lib/auth/with-org";
import { actorOf } from "@/lib/data/control-events";
import { keepToolBlocked } from "@/lib/data/tool-review";

export const POST = withOrg(async (_request, ctx, params) => {
  await keepToolBlocked(ctx.orgId, params.id!, params.tool!, actorOf(ctx));
  return Response.json({ name: params.tool, status: "quarantined" });
}, { role: "admin" });
