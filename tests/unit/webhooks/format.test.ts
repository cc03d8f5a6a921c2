// Delivery bodies: the warden envelope carries the payload with the approval's link; the Slack
// body is { text, blocks } with the link as a button and mrkdwn control characters escaped; the
// retry delay grows exponentially, is capped, and is half jitter.
import { describe, expect, test } from "vitest";
import { retryDelayMs } from "@/lib/webhooks/delivery";
import { approvalUrl, renderBody } from "@/lib/webhooks/format";
import { verifyApprovalLink } from "@/lib/approvals/signed-link";

/** The link without its signature, after checking that the signature holds for this approval. */
function checkedLink(link: string, approvalId = "apr_1"): string {
  const url = new URL(link);
  const check = verifyApprovalLink(approvalId, url.searchParams.get("exp") ?? undefined, url.searchParams.get("sig") ?? undefined, { now: new Date("2026-12-01T10:00:00Z") });
  expect(check).toEqual({ valid: true, expiresAt: new Date("2026-12-02T10:05:00.000Z") });
  return `${url.origin}${url.pathname}`;
}

const payload = {
  approvalId: "apr_1", status: "pending", organization: { id: "org_1", slug: "acme", name: "Acme" },
  grant: { id: "grt_1", name: "ci <bot>" }, server: { id: "srv_1", name: "mlflow" }, tool: "delete_experiment",
  rule: "/tools/delete_experiment", policy: { id: "pol_1", version: 3 }, expiresAt: "2026-12-01T10:05:00.000Z",
  arguments: { sha256: "ab".repeat(32), preview: '{\n    "experiment_id": "7"\n}', truncated: false },
};
const delivery = { id: "whd_1", event: "approval.pending", payload, createdAt: new Date("2026-12-01T10:00:00.000Z") };

describe("formats", () => {
  test("warden: { id, type, createdAt, data } with the approval's signed link", () => {
    const body = JSON.parse(renderBody("warden", delivery, "https://warden.example.com")) as { data: { url: string } };
    expect(body).toEqual({
      id: "whd_1", type: "approval.pending", createdAt: "2026-12-01T10:00:00.000Z",
      data: { ...payload, url: expect.any(String) },
    });
    expect(checkedLink(body.data.url)).toBe("https://warden.example.com/acme/approvals/apr_1");
    // Every retry sends the same body.
    expect(renderBody("warden", delivery, "https://warden.example.com")).toBe(renderBody("warden", delivery, "https://warden.example.com"));
  });

  test("slack: text and blocks, escaped, with an Open button to the approval", () => {
    const message = JSON.parse(renderBody("slack", delivery, "https://warden.example.com")) as { text: string; blocks: { type: string; elements?: { url: string }[] }[] };
    expect(message.text).toBe("A call waits for approval: delete_experiment on mlflow (grant ci &lt;bot&gt;)");
    expect(message.blocks.map((b) => b.type)).toEqual(["section", "section", "section", "actions"]);
    expect(checkedLink(message.blocks[3]!.elements![0]!.url)).toBe("https://warden.example.com/acme/approvals/apr_1");
    expect(JSON.stringify(message)).toContain("experiment_id");
  });

  test.each([
    ["approval.decided", { ...payload, status: "denied" }, "Approval denied: delete_experiment on mlflow (grant ci &lt;bot&gt;)"],
    ["webhook.test", { organization: { slug: "acme" }, message: "This webhook works" }, "Test message from Warden: this webhook works"],
  ])("slack text for %s", (event, data, text) => {
    expect(JSON.parse(renderBody("slack", { ...delivery, event, payload: data }, "https://w.example")).text).toBe(text);
  });

  test("the link escapes the slug and id", () => {
    expect(approvalUrl("https://w.example/", "a b", "apr_1&x=1")).toBe("https://w.example/a%20b/approvals/apr_1%26x%3D1");
  });
});

describe("retry delay", () => {
  test.each([
    ["first retry, no jitter drawn", 1, 0, 500],
    ["first retry, full jitter", 1, 1, 1_000],
    ["third retry", 3, 0.5, 3_000],
    ["capped at the maximum", 30, 1, 60_000],
  ])("%s", (_name, attempts, random, expected) => {
    expect(retryDelayMs(attempts, 1_000, 60_000, () => random)).toBe(expected);
  });
});
