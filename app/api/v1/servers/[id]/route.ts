import { withOrg } from "@/lib/auth/with-org";
import { actorOf } from "@/lib/data/control-events";
import { updateServer } from "@/lib/data/server-edit";
import { deleteServer } from "@/lib/data/server-registration";
import { getServer } from "@/lib/data/servers";
import { readJsonBody } from "@/lib/http/json-body";
import { updateServerBodySchema } from "@/lib/schemas/server";
import { serverJson } from "../server-json";

export const GET = withOrg(async (_request, ctx, params) => Response.json(serverJson(await getServer(ctx.orgId, params.id!))), { role: "viewer" });

/**
 * PATCH { name?, url? | command?, args?, secrets? }: a new URL or command is checked and connected
 * before it is stored; the answer says what changed and what the catalog re-sync found.
 */
export const PATCH = withOrg(async (request, ctx, params) => {
  const body = await readJsonBody(request, updateServerBodySchema);
  const { server, sync, changed } = await updateServer(ctx.orgId, params.id!, body, actorOf(ctx));
  const counts = sync && { added: sync.added.length, quarantined: sync.quarantined.length, removed: sync.removed.length, restored: sync.restored.length };
  return Response.json({ ...serverJson(server), changed, sync: counts });
}, { role: "admin" });

export const DELETE = withOrg(async (_request, ctx, params) => {
  await deleteServer(ctx.orgId, params.id!, actorOf(ctx));
  return new Response(null, { status: 204 });
}, { role: "admin" });
