import { describe, expect, test } from "vitest";
import type { ApproveDecision } from "@/lib/policy";
import type { ApprovalMode } from "@/lib/schemas/policy";
import { approvalPageUrl, approvalWaits, RETRY_INSTRUCTION } from "@/gateway/enforce/retry-for-approval";
import { refusalResult, WARDEN_META_KEY } from "@/gateway/enforce/verdict";

const decision = (mode: ApprovalMode): ApproveDecision => ({ kind: "approve", mode, timeoutSeconds: 600, ruleId: "/tools/t", charges: [], allowIdenticalSeconds: 0, explanation: "" });
const withToken = { name: "t", _meta: { progressToken: 1 } };
const withoutToken = { name: "t" };

describe("which calls wait on their open request", () => {
  test.each<[string, ApprovalMode, Record<string, unknown>, boolean]>([
    ["auto with a progress token holds", "auto", withToken, true],
    ["auto without a progress token answers at once", "auto", withoutToken, false],
    ["auto with a progress token of 0 still holds", "auto", { _meta: { progressToken: 0 } }, true],
    ["hold holds even without a token", "hold", withoutToken, true],
    ["retry answers at once even with a token", "retry", withToken, false],
  ])("%s", (_name, mode, params, waits) => {
    expect(approvalWaits(decision(mode), params)).toBe(waits);
  });
});

describe("the pending answer", () => {
  test("names the approval, its page, its expiry and what to do, in text and _meta", () => {
    const result = refusalResult({
      decision: "approval_pending", ruleId: "/tools/t", reason: RETRY_INSTRUCTION, approvalId: "apr_1",
      approvalUrl: "https://warden.example/acme/approvals/apr_1", expiresAt: "2026-12-01T10:00:00.000Z",
    });
    expect(result.isError).toBe(true);
    const text = (result.content[0] as { text: string }).text;
    for (const part of ["approval_pending", "apr_1", "https://warden.example/acme/approvals/apr_1", "2026-12-01T10:00:00.000Z", RETRY_INSTRUCTION]) {
      expect(text).toContain(part);
    }
    expect(result._meta?.[WARDEN_META_KEY]).toEqual({
      decision: "approval_pending", reason: RETRY_INSTRUCTION, ruleId: "/tools/t", approvalId: "apr_1",
      approvalUrl: "https://warden.example/acme/approvals/apr_1", expiresAt: "2026-12-01T10:00:00.000Z",
    });
  });

  test.each([
    ["a trailing slash", "https://w.example/", "https://w.example/acme/approvals/apr_1"],
    ["a path prefix", "https://w.example/warden", "https://w.example/warden/acme/approvals/apr_1"],
  ])("the page URL with %s", (_name, appUrl, url) => {
    expect(approvalPageUrl(appUrl, "acme", "apr_1")).toBe(url);
  });
});
