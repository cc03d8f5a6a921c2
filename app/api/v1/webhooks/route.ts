import { withOrg } from "@/lib/auth/with-org";
import { actorOf, recordControlEvent } from "@/lib/data/control-events";
import { createWebhook, listWebhooks } from "@/lib/data/webhooks";
import { readJsonBody } from "@/lib/http/json-body";
import { createWebhookBodySchema } from "@/lib/schemas/webhook";

// GET /api/v1/webhooks → { data: [{ id, url, events, format, createdAt, deliveries }] } (never secrets)
export const GET = withOrg(async (_request, ctx) => {
  return Response.json({ data: await listWebhooks(ctx.orgId) }, { headers: { "cache-control": "no-store" } });
}, { role: "admin" });

// POST /api/v1/webhooks { url, events, format } → 201 { …, secret } (the secret is in this answer only)
export const POST = withOrg(async (request, ctx) => {
  const body = await readJsonBody(request, createWebhookBodySchema);
  const webhook = await createWebhook(ctx.orgId, { ...body, createdById: ctx.user?.id ?? null });
  await recordControlEvent(ctx.orgId, actorOf(ctx), { method: "webhook/create", decision: "created", detail: { webhookId: webhook.id, url: webhook.url, events: webhook.events } });
  return Response.json(webhook, { status: 201, headers: { "cache-control": "no-store" } });
}, { role: "admin" });
