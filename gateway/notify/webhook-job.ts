// The delivery job as the gateway runs it: options from the gateway's configuration, woken by the
// change listener when a delivery is enqueued (the webhook_deliveries trigger's NOTIFY).
import type { Services } from "@/gateway/proxy/exchange";
import type { ChangePayload } from "@/gateway/state/state-cache";
import { WebhookDeliveryJob } from "@/gateway/notify/delivery-job";

export type WebhookJob = { start(): void; onChange(change: ChangePayload): void; stop(): Promise<void> };

export function createWebhookJob(services: Services): WebhookJob {
  const { config } = services;
  const job = new WebhookDeliveryJob(services.db, services.logger, {
    appUrl: config.appUrl,
    allowPrivate: config.allowPrivateUpstreams,
    timeoutMs: config.webhookTimeoutMs,
    maxAttempts: config.webhookMaxAttempts,
    retryBaseMs: config.webhookRetryBaseMs,
    perOrg: config.webhookConcurrencyPerOrg,
    maxInFlight: 64,
    pollMs: config.webhookPollMs,
  });
  return {
    start: () => job.start(),
    onChange: (change) => void (change.table === "webhook_deliveries" && job.nudge()),
    stop: () => job.stop(),
  };
}
