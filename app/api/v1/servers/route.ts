import { withOrg } from "@/lib/auth/with-org";
import { actorOf } from "@/lib/data/control-events";
import { registerServer } from "@/lib/data/server-registration";
import { listServers } from "@/lib/data/servers";
import { readJsonBody } from "@/lib/http/json-body";
import { registerServerBodySchema } from "@/lib/schemas/server";
import { serverJson } from "./server-json";

export const GET = withOrg(async (_request, ctx) => {
  const servers = await listServers(ctx.orgId);
  return Response.json({ data: servers.map(serverJson), nextCursor: null });
}, { role: "viewer" });

export const POST = withOrg(async (request, ctx) => {
  const body = await readJsonBody(request, registerServerBodySchema);
  const { server } = await registerServer(ctx.orgId, body, actorOf(ctx));
  return Response.json(serverJson(server), { status: 201 });
}, { role: "admin" });
