// Warden-Signature: what a receiver recomputes with node:crypto matches what the worker sends; any
// change to the body, the timestamp or the secret fails; old timestamps are refused.
import { createHmac } from "node:crypto";
import { describe, expect, test } from "vitest";
import { generateWebhookSecret, signHeader, verifySignature } from "@/lib/webhooks/signature";

const secret = "whsec_test-secret";
const body = JSON.stringify({ id: "whd_1", type: "approval.pending", data: { tool: "delete_experiment" } });
const now = new Date("2026-12-01T10:00:00.000Z");

describe("Warden-Signature", () => {
  test("is t=<unix seconds>,v1=<HMAC-SHA256 hex over t.body>, as a receiver recomputes it", () => {
    const header = signHeader(secret, body, now);
    const t = Math.floor(now.getTime() / 1000);
    const expected = createHmac("sha256", secret).update(`${t}.${body}`, "utf8").digest("hex");
    expect(header).toBe(`t=${t},v1=${expected}`);
    expect(verifySignature(secret, header, body, { now })).toEqual({ valid: true, timestampSeconds: t });
  });

  const header = signHeader(secret, body, now);
  const t = Math.floor(now.getTime() / 1000);
  test.each([
    ["a changed body", secret, header, body.replace("delete", "create"), now, "MISMATCH"],
    ["another secret", "whsec_other", header, body, now, "MISMATCH"],
    ["a changed timestamp", secret, header.replace(`t=${t}`, `t=${t + 1}`), body, now, "MISMATCH"],
    ["a header without v1", secret, `t=${t}`, body, now, "MALFORMED"],
    ["a header without t", secret, header.replace(/^t=\d+,/, ""), body, now, "MALFORMED"],
    ["a signature older than 5 minutes", secret, header, body, new Date(now.getTime() + 301_000), "TOO_OLD"],
  ])("fails for %s", (_name, key, h, b, at, code) => {
    expect(verifySignature(key, h, b, { now: at })).toEqual({ valid: false, code });
  });

  test("secrets are 256 random bits with a readable prefix", () => {
    const a = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(generateWebhookSecret()).not.toBe(a);
  });
});
