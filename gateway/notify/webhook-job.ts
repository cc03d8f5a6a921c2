// The notification jobs as the gateway runs them: the webhook delivery job and the approval mail
// job, options from the gateway's configuration, each woken by the change listener when its
// outbox gets a row (the webhook_deliveries and approval_mails triggers' NOTIFY). Without
// SMTP_URL the mail job does not run: approval mails wait in the outbox (and are skipped once
// their approval is decided or expired).
import type { Services } from "@/gateway/proxy/exchange";
import type { ChangePayload } from "@/gateway/state/state-cache";
import { WebhookDeliveryJob } from "@/gateway/notify/delivery-job";
import { ApprovalMailJob } from "@/gateway/notify/mail-job";

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
  const mail = config.smtpUrl
    ? new ApprovalMailJob(services.db, services.logger, {
        // Read when a mail is written: tests set appUrl once the app's port is known.
        get appUrl() {
          return config.appUrl;
        },
        smtpUrl: config.smtpUrl,
        mailFrom: config.mailFrom,
        maxAttempts: config.mailMaxAttempts,
        retryBaseMs: config.mailRetryBaseMs,
        perOrg: config.mailConcurrencyPerOrg,
        maxInFlight: 16,
        pollMs: config.webhookPollMs,
      })
    : null;
  return {
    start: () => {
      job.start();
      if (mail) mail.start();
      else services.logger.info("SMTP_URL is not set: approval mails are not sent by this worker");
    },
    onChange: (change) => {
      if (change.table === "webhook_deliveries") job.nudge();
      if (change.table === "approval_mails") mail?.nudge();
    },
    stop: async () => {
      await Promise.all([job.stop(), mail?.stop()]);
    },
  };
}
