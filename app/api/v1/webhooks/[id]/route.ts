import { withOrg } from "@/lib/auth/with-org";
import { actorOf, recordControlEvent } from "@/lib/data/control-events";
import { deleteWebhook } from "@/lib/data/webhooks";

// DELETE /api/v1/webhooks/{id} → {} (its pending deliveries go with it)
export const DELETE = withOrg(async (_request, ctx, params) => {
  await deleteWebhook(ctx.orgId, params.id ?? "");
  await recordControlEvent(ctx.orgId, actorOf(ctx), { method: "webhook/delete", decision: "deleted", detail: { webhookId: params.id } });
  return Response.json({});
}, { role: "admin" });
