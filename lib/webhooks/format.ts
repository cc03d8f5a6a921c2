// What a delivery's HTTP body looks like. "warden": a JSON envelope { id, type, createdAt, data }
// that the worker signs. "slack": a Slack incoming-webhook message { text, blocks } (Slack's URL is
// the secret; Slack ignores our headers). Pure functions of the stored delivery, so every retry
// sends the same body.
import type { WebhookFormat } from "@/lib/schemas/webhook";
import { signedApprovalUrl } from "@/lib/approvals/signed-link";

export type DeliveryEvent = { id: string; event: string; payload: Record<string, unknown>; createdAt: Date };

type ApprovalPayload = {
  approvalId?: string;
  status?: string;
  organization?: { slug?: string; name?: string };
  grant?: { name?: string };
  server?: { name?: string };
  tool?: string;
  rule?: string;
  policy?: { version?: number };
  arguments?: { sha256?: string; preview?: string; truncated?: boolean };
  expiresAt?: string;
  note?: string | null;
};

/** The approval's page in the app (the inbox, opened at this approval). */
export function approvalUrl(appUrl: string, orgSlug: string, approvalId: string): string {
  return new URL(`/${encodeURIComponent(orgSlug)}/approvals/${encodeURIComponent(approvalId)}`, appUrl).toString();
}

/**
 * The payload with the link added (the trigger that enqueued it does not know the app's URL): signed
 * (lib/approvals/signed-link.ts) and so deterministic, as every retry must send the same body.
 */
export function withLink(payload: Record<string, unknown>, appUrl: string): Record<string, unknown> {
  const p = payload as ApprovalPayload;
  if (!p.approvalId || !p.organization?.slug) return payload;
  const expiresAt = p.expiresAt ? new Date(p.expiresAt) : null;
  const url = expiresAt && !Number.isNaN(expiresAt.getTime())
    ? signedApprovalUrl(appUrl, p.organization.slug, p.approvalId, expiresAt)
    : approvalUrl(appUrl, p.organization.slug, p.approvalId);
  return { ...payload, url };
}

export function renderBody(format: WebhookFormat, delivery: DeliveryEvent, appUrl: string): string {
  const data = withLink(delivery.payload, appUrl);
  if (format === "slack") return JSON.stringify(slackMessage(delivery.event, data));
  return JSON.stringify({ id: delivery.id, type: delivery.event, createdAt: delivery.createdAt.toISOString(), data });
}

// Slack's mrkdwn treats & < > as control characters.
const escape = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

export function slackMessage(event: string, data: Record<string, unknown>): { text: string; blocks: unknown[] } {
  const p = data as ApprovalPayload & { url?: string };
  const what = `${escape(p.tool ?? "?")} on ${escape(p.server?.name ?? "?")} (grant ${escape(p.grant?.name ?? "?")})`;
  const text =
    event === "approval.pending" ? `A call waits for approval: ${what}`
    : event === "approval.decided" ? `Approval ${escape(p.status ?? "decided")}: ${what}`
    : "Test message from Warden: this webhook works";
  const blocks: unknown[] = [{ type: "section", text: { type: "mrkdwn", text: `*${text}*` } }];
  if (p.approvalId) {
    const fields = [
      `*Rule*\n${escape(p.rule ?? "?")}`,
      `*Policy version*\n${p.policy?.version ?? "?"}`,
      `*Expires*\n${escape(p.expiresAt ?? "?")}`,
      `*Arguments sha256*\n${escape((p.arguments?.sha256 ?? "").slice(0, 16))}…`,
    ];
    blocks.push({ type: "section", fields: fields.map((f) => ({ type: "mrkdwn", text: f })) });
    if (p.arguments?.preview) blocks.push({ type: "section", text: { type: "mrkdwn", text: "```" + escape(p.arguments.preview.slice(0, 2900)) + "```" } });
    if (p.url) blocks.push({ type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open in Warden" }, url: p.url }] });
  }
  return { text, blocks };
}
