"use server";

import { revalidatePath } from "next/cache";
import { orgAction } from "@/lib/auth/with-org";
import { actorOf, recordControlEvent } from "@/lib/data/control-events";
import { createWebhook, deleteWebhook, sendTestDelivery } from "@/lib/data/webhooks";
import { parseOrThrow } from "@/lib/http/json-body";
import { createWebhookBodySchema } from "@/lib/schemas/webhook";

export const createWebhookAction = orgAction("admin", async (ctx, input: unknown) => {
  const body = parseOrThrow(createWebhookBodySchema, input);
  const webhook = await createWebhook(ctx.orgId, { ...body, createdById: ctx.user?.id ?? null });
  await recordControlEvent(ctx.orgId, actorOf(ctx), { method: "webhook/create", decision: "created", detail: { webhookId: webhook.id, url: webhook.url, events: webhook.events } });
  revalidatePath(`/${ctx.slug}/settings/notifications`);
  return { id: webhook.id, secret: webhook.secret };
});

export const deleteWebhookAction = orgAction("admin", async (ctx, id: string) => {
  await deleteWebhook(ctx.orgId, id);
  await recordControlEvent(ctx.orgId, actorOf(ctx), { method: "webhook/delete", decision: "deleted", detail: { webhookId: id } });
  revalidatePath(`/${ctx.slug}/settings/notifications`);
});

export const sendTestWebhookAction = orgAction("admin", async (ctx, id: string) => {
  const delivery = await sendTestDelivery(ctx.orgId, id);
  revalidatePath(`/${ctx.slug}/settings/notifications`);
  return { id: delivery.id };
});
