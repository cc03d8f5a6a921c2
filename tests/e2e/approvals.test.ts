// Journey: a held call appears in the inbox and the nav badge without a reload → approve with a
// note → history; the audit page shows the decision with the acting user, filters, the drawer,
// the exports and a passing integrity check.
import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { db } from "@/lib/db";
import { createGrantFor } from "@/lib/data/grant-lifecycle";
import { screenshot } from "../helpers/browser";
import { browserSuite } from "../helpers/browser-suite";
import { newPerson, signUpInBrowser } from "../helpers/sign-up";
import { makeApproval, makeServerAndPolicy } from "../integration/api-helpers";

const e2e = browserSuite();

async function signUp(page: Page, organization: string) {
  const slug = await signUpInBrowser(page, e2e.app.url, newPerson(organization, "Dana Decider"));
  const org = await db.organization.findUniqueOrThrow({ where: { slug } });
  const owner = await db.membership.findFirstOrThrow({ where: { orgId: org.id } });
  return { slug, org, userId: owner.userId };
}

describe("approvals and audit in the browser", () => {
  test("held call appears live → approve with a note → history → audit shows it; verify integrity", async () => {
    const page = await e2e.browser.newPage();
    const { slug, org, userId } = await signUp(page, "Approvals Co");
    const { server, policy } = await makeServerAndPolicy(org.id);
    const grant = await createGrantFor(org.id, { userId, apiKeyId: null }, { serverId: server.id, policyId: policy.id, name: "Cursor – Dana" });

    await page.goto(`${e2e.app.url}/${slug}/approvals`);
    await expect.poll(() => page.getByText("No calls are waiting").isVisible()).toBe(true);
    const approval = await makeApproval(org.id, grant.id, server.id, policy.id);
    // No reload: the inbox polls.
    const card = page.getByRole("listitem").filter({ hasText: "delete_experiment" });
    await expect.poll(() => card.isVisible(), { timeout: 5_000 }).toBe(true);
    expect(await card.getByLabel("Arguments").innerText()).toBe(JSON.stringify({ experiment_id: "7" }, null, 2));
    expect(await card.innerText()).toContain("/tools/delete_experiment");
    expect(await card.innerText()).toMatch(/\d+:\d\d left/);
    await expect.poll(() => page.getByTestId("pending-badge").innerText(), { timeout: 5_000 }).toBe("1");
    await screenshot(page, "approvals-pending");

    await card.getByLabel("Note (optional)").fill("ok for experiment 7");
    await card.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => page.getByText("No calls are waiting").isVisible(), { timeout: 5_000 }).toBe(true);
    await expect.poll(() => page.getByTestId("pending-badge").count(), { timeout: 5_000 }).toBe(0);
    expect(await db.approval.findUniqueOrThrow({ where: { id: approval.id } })).toMatchObject({ status: "approved", note: "ok for experiment 7", decidedById: userId });

    await page.getByRole("link", { name: "History" }).click();
    const row = page.getByRole("table", { name: "Approval history" }).getByRole("row").filter({ hasText: "delete_experiment" });
    await expect.poll(() => row.innerText()).toMatch(/approved[\s\S]*Dana Decider[\s\S]*ok for experiment 7/);
    await screenshot(page, "approvals-history");

    await page.getByRole("link", { name: "Audit" }).click();
    await page.waitForURL(/\/audit/);
    const auditRow = page.getByRole("row").filter({ hasText: "approval/approve" });
    await expect.poll(() => auditRow.innerText()).toMatch(/Dana Decider/);
    await auditRow.click();
    const drawer = page.getByRole("dialog");
    await expect.poll(() => drawer.innerText()).toMatch(/Acting user[\s\S]*Dana Decider[\s\S]*ok for experiment 7/);
    await page.keyboard.press("Escape");

    await page.getByLabel("Decision", { exact: true }).selectOption("approved");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/decision=approved/);
    await expect.poll(() => page.getByRole("table", { name: "Audit events" }).getByRole("row").count()).toBe(2);

    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const csv = await (await download).path();
    const { readFileSync } = await import("node:fs");
    const lines = readFileSync(csv, "utf8").trimEnd().split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("approval/approve");

    await page.getByRole("button", { name: "Verify integrity" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Integrity" }).innerText(), { timeout: 10_000 }).toMatch(
      /Integrity verified: \d+ events, chain intact/,
    );
    await screenshot(page, "audit-verified");
    await page.close();
  });
});
