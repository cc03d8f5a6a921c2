// Signed approval links: a link checks only for the approval it was signed for, until its expiry,
// with a key of the keyring (an older key still checks after rotation); anything altered does not.
import { describe, expect, test } from "vitest";
import { randomBytes } from "node:crypto";
import { parseKeyring } from "@/lib/crypto";
import { LINK_GRACE_SECONDS, signApprovalLink, signedApprovalUrl, verifyApprovalLink } from "@/lib/approvals/signed-link";

const oldKey = randomBytes(32).toString("base64");
const newKey = randomBytes(32).toString("base64");
const before = parseKeyring(`old:${oldKey}`);
const rotated = parseKeyring(`new:${newKey},old:${oldKey}`);
const expiresAt = new Date("2026-12-01T10:00:00.000Z");
const now = new Date("2026-12-01T09:00:00.000Z");
const signed = signApprovalLink("apr_1", expiresAt, before);

describe("signed approval links", () => {
  test("the link checks for its approval, until a day after the approval expires", () => {
    expect(verifyApprovalLink("apr_1", signed.exp, signed.sig, { keyring: before, now })).toEqual({
      valid: true, expiresAt: new Date(expiresAt.getTime() + LINK_GRACE_SECONDS * 1000),
    });
  });

  test("after the keyring is rotated, a link signed with the older key still checks", () => {
    expect(verifyApprovalLink("apr_1", signed.exp, signed.sig, { keyring: rotated, now }).valid).toBe(true);
    expect(signApprovalLink("apr_1", expiresAt, rotated).sig.startsWith("new.")).toBe(true);
  });

  test.each<[string, string, unknown, unknown, string]>([
    ["another approval", "apr_2", signed.exp, signed.sig, "MISMATCH"],
    ["a later expiry", "apr_1", String(Number(signed.exp) + 3600), signed.sig, "MISMATCH"],
    ["a changed MAC", "apr_1", signed.exp, signed.sig.slice(0, -2) + (signed.sig.endsWith("AA") ? "BB" : "AA"), "MISMATCH"],
    ["an unknown key id", "apr_1", signed.exp, "zz" + signed.sig.slice(signed.sig.indexOf(".")), "MISMATCH"],
    ["no key id", "apr_1", signed.exp, signed.sig.slice(signed.sig.indexOf(".") + 1), "MALFORMED"],
    ["a non-numeric expiry", "apr_1", "soon", signed.sig, "MALFORMED"],
    ["a list of values", "apr_1", [signed.exp], signed.sig, "MALFORMED"],
    ["nothing", "apr_1", undefined, undefined, "MISSING"],
  ])("%s does not check", (_name, approvalId, exp, sig, code) => {
    expect(verifyApprovalLink(approvalId, exp, sig, { keyring: before, now })).toEqual({ valid: false, code });
  });

  test("an expired link does not check", () => {
    const later = new Date(expiresAt.getTime() + (LINK_GRACE_SECONDS + 1) * 1000);
    expect(verifyApprovalLink("apr_1", signed.exp, signed.sig, { keyring: before, now: later })).toEqual({ valid: false, code: "EXPIRED" });
  });

  test("the URL carries exp and sig on the approval's page path", () => {
    const url = new URL(signedApprovalUrl("https://w.example/", "acme", "apr_1", expiresAt, before));
    expect(url.pathname).toBe("/acme/approvals/apr_1");
    expect(verifyApprovalLink("apr_1", url.searchParams.get("exp"), url.searchParams.get("sig"), { keyring: before, now }).valid).toBe(true);
  });
});
