// Webhooks (Settings → Notifications and /api/v1/webhooks): the form, the server actions and the
// REST handlers share these schemas; the view types are what pages hand to components.
import { z } from "zod";

export const webhookEvents = ["approval.pending", "approval.decided"] as const;
export type WebhookEvent = (typeof webhookEvents)[number];
/** Sent only by "Send test"; a webhook does not subscribe to it. */
export const testEvent = "webhook.test";

export const webhookFormats = ["warden", "slack"] as const;
export type WebhookFormat = (typeof webhookFormats)[number];

export const createWebhookBodySchema = z
  .object({
    url: z.string().trim().min(1, { message: "Enter the URL to POST to" }).max(2000, { message: "Use at most 2000 characters" }),
    events: z
      .array(z.enum(webhookEvents, { message: "Choose approval.pending or approval.decided" }))
      .min(1, { message: "Choose at least one event" })
      .transform((events) => [...new Set(events)]),
    format: z.enum(webhookFormats, { message: "Choose warden or slack" }).default("warden"),
  })
  .strict();
export type CreateWebhookBody = z.infer<typeof createWebhookBodySchema>;

export const webhookSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  format: z.enum(webhookFormats),
  createdAt: z.iso.datetime(),
});
export type WebhookView = z.infer<typeof webhookSchema>;

export const createdWebhookSchema = webhookSchema.extend({
  secret: z.string().describe("The signing secret, in this answer only: verify Warden-Signature with it"),
});

export const deliveryStatuses = ["pending", "succeeded", "failed"] as const;

export const deliverySchema = z.object({
  id: z.string(),
  webhookId: z.string(),
  event: z.string(),
  status: z.enum(deliveryStatuses),
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  deliveredAt: z.iso.datetime().nullable(),
});
export type DeliveryView = z.infer<typeof deliverySchema>;

export const webhookListSchema = z.object({ data: z.array(webhookSchema.extend({ deliveries: z.array(deliverySchema) })) });
export type WebhookWithDeliveries = WebhookView & { deliveries: DeliveryView[] };
