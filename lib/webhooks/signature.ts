// The Warden-Signature header: HMAC-SHA256, keyed with the webhook's secret, over
// "<unix seconds>.<raw body>", sent as `t=<unix seconds>,v1=<hex>` (the scheme Stripe uses, so
// receivers know it). The timestamp lets a receiver refuse replays older than a few minutes.
import { createHmac, randomBytes } from "node:crypto";
import { safeEqual } from "@/lib/crypto";

export const signatureHeader = "warden-signature";

export function generateWebhookSecret(): string {
  return "whsec_" + randomBytes(32).toString("base64url");
}

export function signatureOf(secret: string, timestampSeconds: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestampSeconds}.${body}`, "utf8").digest("hex");
}

export function signHeader(secret: string, body: string, now: Date = new Date()): string {
  const t = Math.floor(now.getTime() / 1000);
  return `t=${t},v1=${signatureOf(secret, t, body)}`;
}

export type SignatureCheck = { valid: true; timestampSeconds: number } | { valid: false; code: "MALFORMED" | "MISMATCH" | "TOO_OLD" };

/** What a receiver does: recompute the HMAC over the raw body and compare in constant time. */
export function verifySignature(secret: string, header: string, body: string, options: { toleranceSeconds?: number; now?: Date } = {}): SignatureCheck {
  const parts = new Map(header.split(",").map((part) => part.trim().split("=", 2) as [string, string]));
  const t = Number(parts.get("t"));
  const v1 = parts.get("v1");
  if (!Number.isInteger(t) || !v1) return { valid: false, code: "MALFORMED" };
  if (!safeEqual(signatureOf(secret, t, body), v1)) return { valid: false, code: "MISMATCH" };
  const ageSeconds = Math.abs((options.now ?? new Date()).getTime() / 1000 - t);
  if (ageSeconds > (options.toleranceSeconds ?? 300)) return { valid: false, code: "TOO_OLD" };
  return { valid: true, timestampSeconds: t };
}
