import { withOrg } from "@/lib/auth/with-org";
import { actorOf } from "@/lib/data/control-events";
import { deleteServer } from "@/lib/data/server-registration";
import { getServer } from "@/lib/data/servers";
import { serverJson } from "../server-json";

export const GET = withOrg(async (_request, ctx, params) => Response.json(serverJson(await getServer(ctx.orgId, params.id!))), { role: "viewer" });

export const DELETE = withOrg(async (_request, ctx, params) => {
  await deleteServer(ctx.orgId, params.id!, actorOf(ctx));
  return new Response(null, { status: 204 });
}, { role: "admin" });
