// An organization's webhooks and their delivery log. The URL passes the same SSRF checks as an
// upstream's (lib/net) and must be https unless the operator allows private upstreams; the
// signing secret is shown once and stored encrypted (lib/crypto).
import { db } from "@/lib/db";
import { encryptSecret } from "@/lib/crypto";
import { AppError, notFound } from "@/lib/errors";
import { netPolicyFromEnv, type NetPolicy } from "@/lib/net/address-policy";
import { assertSafeUrl, UnsafeUrlError } from "@/lib/net/url-guard";
import { testEvent, type CreateWebhookBody, type DeliveryView, type WebhookFormat, type WebhookWithDeliveries } from "@/lib/schemas/webhook";
import { generateWebhookSecret } from "@/lib/webhooks/signature";

/** Deliveries shown per webhook in the log. */
export const deliveryLogSize = 20;
/** Webhooks per organization: each approval fans out to all of them, so the outbox grows with it. */
export const maxWebhooksPerOrg = 20;
/** Deliveries one webhook may have waiting; the enqueue trigger stops there too (migration webhook_backlog_cap). */
export const maxWaitingDeliveries = 1_000;

export function checkWebhookUrl(input: string, policy: NetPolicy = netPolicyFromEnv()): string {
  let url: URL;
  try {
    url = assertSafeUrl(input, policy);
  } catch (error) {
    if (error instanceof UnsafeUrlError) throw new AppError({ code: "unprocessable", message: error.message, pointer: "/url", fields: { url: error.message } });
    throw error;
  }
  if (url.protocol !== "https:" && !policy.allowPrivate) {
    const message = "The URL must start with https:// (plain http is allowed only where the operator allows private upstreams)";
    throw new AppError({ code: "unprocessable", message, pointer: "/url", fields: { url: message } });
  }
  return url.toString();
}

const webhookSelect = { id: true, url: true, events: true, format: true, createdAt: true } as const;
type WebhookRow = { id: string; url: string; events: string[]; format: string; createdAt: Date };
const toView = (w: WebhookRow) => ({ ...w, format: w.format as WebhookFormat, createdAt: w.createdAt.toISOString() });

export async function createWebhook(orgId: string, input: CreateWebhookBody & { createdById?: string | null }) {
  const url = checkWebhookUrl(input.url);
  if ((await db.webhook.count({ where: { orgId } })) >= maxWebhooksPerOrg) {
    throw new AppError({ code: "conflict", message: `An organization has at most ${maxWebhooksPerOrg} webhooks: delete one first` });
  }
  const secret = generateWebhookSecret();
  const { ciphertext, keyId } = encryptSecret(secret);
  const webhook = await db.webhook.create({
    data: { orgId, url, events: input.events, format: input.format, secretCiphertext: ciphertext, secretKeyId: keyId, createdById: input.createdById ?? null },
    select: webhookSelect,
  });
  return { ...toView(webhook), secret };
}

export async function deleteWebhook(orgId: string, id: string) {
  const { count } = await db.webhook.deleteMany({ where: { orgId, id } });
  if (count === 0) throw notFound();
}

type DeliveryRow = {
  id: string; webhookId: string; event: string; status: string; attempts: number; lastStatusCode: number | null;
  lastError: string | null; nextAttemptAt: Date; createdAt: Date; deliveredAt: Date | null;
};

function deliveryView(d: DeliveryRow): DeliveryView {
  return {
    id: d.id, webhookId: d.webhookId, event: d.event, status: d.status as DeliveryView["status"], attempts: d.attempts,
    lastStatusCode: d.lastStatusCode, lastError: d.lastError,
    nextAttemptAt: d.status === "pending" ? d.nextAttemptAt.toISOString() : null,
    createdAt: d.createdAt.toISOString(), deliveredAt: d.deliveredAt?.toISOString() ?? null,
  };
}

/** The organization's webhooks, each with its last deliveries (newest first); never the secret. */
export async function listWebhooks(orgId: string): Promise<WebhookWithDeliveries[]> {
  const webhooks = await db.webhook.findMany({
    where: { orgId },
    orderBy: { createdAt: "asc" },
    select: {
      ...webhookSelect,
      deliveries: {
        orderBy: { createdAt: "desc" }, take: deliveryLogSize,
        select: { id: true, webhookId: true, event: true, status: true, attempts: true, lastStatusCode: true, lastError: true, nextAttemptAt: true, createdAt: true, deliveredAt: true },
      },
    },
  });
  return webhooks.map(({ deliveries, ...w }) => ({ ...toView(w), deliveries: deliveries.map(deliveryView) }));
}

/** "Send test": one webhook.test delivery, sent by the gateway's delivery job like any other. */
export async function sendTestDelivery(orgId: string, webhookId: string): Promise<DeliveryView> {
  const webhook = await db.webhook.findFirst({ where: { orgId, id: webhookId }, select: { id: true, org: { select: { id: true, slug: true, name: true } } } });
  if (!webhook) throw notFound();
  const waiting = await db.webhookDelivery.count({ where: { webhookId, status: "pending" }, take: maxWaitingDeliveries });
  if (waiting >= maxWaitingDeliveries) {
    throw new AppError({ code: "conflict", message: `This webhook already has ${maxWaitingDeliveries} deliveries waiting (its endpoint is failing or slow): wait for them before sending a test` });
  }
  const now = new Date();
  const delivery = await db.webhookDelivery.create({
    data: { orgId, webhookId, event: testEvent, payload: { organization: webhook.org, message: "This webhook works" }, nextAttemptAt: now, createdAt: now, updatedAt: now },
  });
  return deliveryView(delivery);
}
