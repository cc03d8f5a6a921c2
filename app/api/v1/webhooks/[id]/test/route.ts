import { withOrg } from "@/lib/auth/with-org";
import { sendTestDelivery } from "@/lib/data/webhooks";

// POST /api/v1/webhooks/{id}/test → 202 { delivery } (a webhook.test event, sent by the gateway)
export const POST = withOrg(async (_request, ctx, params) => {
  return Response.json(await sendTestDelivery(ctx.orgId, params.id ?? ""), { status: 202 });
}, { role: "admin" });
