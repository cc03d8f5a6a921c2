import { withOrg } from "@/lib/auth/with-org";
import { actorOf } from "@/lib/data/control-events";
import { updateServerSecrets } from "@/lib/data/server-registration";
import { readJsonBody } from "@/lib/http/json-body";
import { updateServerSecretsBodySchema } from "@/lib/schemas/server";
import { serverJson } from "../../server-json";

/** Write-only: `{ "secrets": { "Authorization": "Bearer …", "X-Old": null } }` sets or removes by name. */
export const PATCH = withOrg(async (request, ctx, params) => {
  const body = await readJsonBody(request, updateServerSecretsBodySchema);
  return Response.json(serverJson(await updateServerSecrets(ctx.orgId, params.id!, body.secrets, actorOf(ctx))));
}, { role: "admin" });
