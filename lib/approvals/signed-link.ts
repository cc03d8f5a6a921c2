// Signed approval links, for mail and webhook bodies. The signature proves that Warden wrote the
// link and binds it to one approval id and an expiry; it opens nothing by itself (the page still
// needs a signed-in member of the organization, and deciding needs the editor role). HMAC-SHA256
// with a key derived (HKDF) from the encryption keyring, so no new secret is needed and a rotated
// keyring still checks links signed with an older key while that key is configured.
import { createHmac, hkdfSync } from "node:crypto";
import { keyringFromEnv, safeEqual, type Keyring } from "@/lib/crypto";

/** How long after the approval's own expiry its link still checks (the page is worth reading after). */
export const LINK_GRACE_SECONDS = 86_400;

export type LinkCheck = { valid: true; expiresAt: Date } | { valid: false; code: "MISSING" | "MALFORMED" | "MISMATCH" | "EXPIRED" };

function linkKey(key: Buffer): Buffer {
  return Buffer.from(hkdfSync("sha256", key, "warden", "approval-link/v1", 32));
}

function mac(key: Buffer, approvalId: string, expSeconds: number): string {
  return createHmac("sha256", linkKey(key)).update(`approval-link/v1\n${approvalId}\n${expSeconds}`, "utf8").digest("base64url");
}

/** The query parameters of a signed link to this approval: `exp` (unix seconds) and `sig` (key id + MAC). */
export function signApprovalLink(approvalId: string, approvalExpiresAt: Date, keyring: Keyring = keyringFromEnv()): { exp: string; sig: string } {
  const exp = Math.floor(approvalExpiresAt.getTime() / 1000) + LINK_GRACE_SECONDS;
  return { exp: String(exp), sig: `${keyring.primaryId}.${mac(keyring.keys.get(keyring.primaryId)!, approvalId, exp)}` };
}

/** The approval's page with a signature: APP_URL/<org>/approvals/<id>?exp=…&sig=…. */
export function signedApprovalUrl(appUrl: string, orgSlug: string, approvalId: string, approvalExpiresAt: Date, keyring?: Keyring): string {
  const url = new URL(`/${encodeURIComponent(orgSlug)}/approvals/${encodeURIComponent(approvalId)}`, appUrl);
  const { exp, sig } = signApprovalLink(approvalId, approvalExpiresAt, keyring);
  url.searchParams.set("exp", exp);
  url.searchParams.set("sig", sig);
  return url.toString();
}

/** Checks a link's `exp` and `sig` against the approval id it opened. */
export function verifyApprovalLink(approvalId: string, exp: unknown, sig: unknown, options: { keyring?: Keyring; now?: Date } = {}): LinkCheck {
  if (exp === undefined && sig === undefined) return { valid: false, code: "MISSING" };
  if (typeof exp !== "string" || typeof sig !== "string" || !/^\d{1,12}$/.test(exp)) return { valid: false, code: "MALFORMED" };
  const dot = sig.indexOf(".");
  if (dot <= 0) return { valid: false, code: "MALFORMED" };
  const keyring = options.keyring ?? keyringFromEnv();
  const key = keyring.keys.get(sig.slice(0, dot));
  if (!key) return { valid: false, code: "MISMATCH" };
  if (!safeEqual(mac(key, approvalId, Number(exp)), sig.slice(dot + 1))) return { valid: false, code: "MISMATCH" };
  const expiresAt = new Date(Number(exp) * 1000);
  if (expiresAt.getTime() <= (options.now ?? new Date()).getTime()) return { valid: false, code: "EXPIRED" };
  return { valid: true, expiresAt };
}
