// Journeys through real mail: the app sends over SMTP to the local catcher, and the person reads
// it on the /dev/mail inbox page and follows the link. Verify the email address (invites open
// up), then forget the password, reset it from the mail, and find the old session ended.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { startMailCatcher } from "@/lib/mail/catcher";
import { screenshot } from "../helpers/browser";
import { browserSuite } from "../helpers/browser-suite";
import { fillSignUp, newPerson } from "../helpers/sign-up";

const mailDir = mkdtempSync(join(tmpdir(), "warden-mail-"));
const catcher = await startMailCatcher({ dir: mailDir });
afterAll(() => catcher.close());
const e2e = browserSuite({ SMTP_URL: catcher.url, WARDEN_MAIL_CATCHER_DIR: mailDir });

/** Opens the inbox page and follows the link in the newest mail with this subject. */
async function followMailLink(page: Page, subject: string, linkPath: string) {
  await expect.poll(async () => {
    await page.goto(`${e2e.app.url}/dev/mail`);
    return page.getByRole("article", { name: subject }).count();
  }).toBeGreaterThan(0);
  await page.getByRole("article", { name: subject }).first().getByRole("link", { name: new RegExp(linkPath) }).click();
  await page.waitForURL(new RegExp(linkPath));
}

describe("mail journeys in the browser", () => {
  test("verify the email address from the mail; invites are refused before and work after", async () => {
    const page = await e2e.browser.newPage();
    const person = newPerson("Mailing Co", "Vera Verify");
    await fillSignUp(page, e2e.app.url, person);
    await page.waitForURL((url) => !url.pathname.startsWith("/sign-up"), { timeout: 15_000 });
    const slug = new URL(page.url()).pathname.split("/")[1]!;
    const unverifiedNotice = () => page.getByText(/Open the link we mailed to .* to verify it/).count();
    await expect.poll(unverifiedNotice).toBe(1);
    // The notice says where that mail is: nothing leaves this machine, so the local inbox.
    await page.getByRole("link", { name: "open the local mail inbox" }).click();
    await page.waitForURL(/\/dev\/mail$/);
    await expect.poll(() => page.getByRole("article", { name: "Verify your email address for Warden" }).count()).toBe(1);
    await page.getByRole("link", { name: "← Back to Warden" }).click();
    await page.waitForURL(new RegExp(`/${slug}$`));

    await page.goto(`${e2e.app.url}/${slug}/members`);
    await page.getByRole("button", { name: "Create invite link" }).click();
    await expect.poll(() => page.getByRole("alert").filter({ hasText: "Verify your email address" }).count()).toBe(1);

    await followMailLink(page, "Verify your email address for Warden", "/verify-email/");
    await screenshot(page, "verify-email");
    await page.getByRole("button", { name: "Verify my email address" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Your email address is verified" }).count()).toBe(1);

    await page.goto(`${e2e.app.url}/${slug}`);
    await expect.poll(() => page.getByRole("heading", { name: "Welcome to Mailing Co" }).count()).toBe(1);
    expect(await unverifiedNotice()).toBe(0);

    await page.goto(`${e2e.app.url}/${slug}/members`);
    await page.getByLabel("Email (optional: we mail the link)").fill("colleague@example.com");
    await page.getByRole("button", { name: "Create invite link" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Mailed to colleague@example.com" }).count()).toBe(1);
    const link = await page.getByTestId("invite-link").innerText();
    const invitation = await catcher.waitFor("colleague@example.com");
    expect(invitation.text).toContain(link);
    await page.close();
  });

  test("forgot password → the mail's link → new password; the old session has ended", async () => {
    const person = newPerson("Reset Co", "Rita Reset");
    const old = await e2e.browser.newContext();
    const oldPage = await old.newPage();
    await fillSignUp(oldPage, e2e.app.url, person);
    await oldPage.waitForURL((url) => !url.pathname.startsWith("/sign-up"), { timeout: 15_000 });
    const slug = new URL(oldPage.url()).pathname.split("/")[1]!;

    const fresh = await e2e.browser.newContext();
    const page = await fresh.newPage();
    await page.goto(`${e2e.app.url}/sign-in`);
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await page.waitForURL(/\/forgot-password/);
    await page.waitForLoadState("networkidle"); // the form submits through React once hydrated
    await page.getByLabel("Email").fill(person.email);
    await page.getByRole("button", { name: "Mail me a reset link" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "If an account uses this address" }).count()).toBe(1);

    await followMailLink(page, "Reset your Warden password", "/reset-password/");
    const resetUrl = page.url();
    await page.waitForLoadState("networkidle");
    await page.getByLabel("New password", { exact: true }).fill("a-brand-new-password");
    await page.getByLabel("Repeat the new password").fill("a-brand-new-password");
    await page.getByRole("button", { name: "Set the new password" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "Password changed" }).count()).toBe(1);
    await screenshot(page, "password-reset");

    // The link was single use.
    await page.goto(resetUrl);
    await expect.poll(() => page.getByRole("heading", { name: "This link no longer works" }).count()).toBe(1);

    await oldPage.goto(`${e2e.app.url}/${slug}/members`);
    await oldPage.waitForURL(/\/sign-in/);

    await page.goto(`${e2e.app.url}/sign-in`);
    await page.getByLabel("Email").fill(person.email);
    await page.getByLabel("Password").fill("a-brand-new-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"), { timeout: 15_000 });
    await page.goto(`${e2e.app.url}/${slug}/profile`);
    await expect.poll(() => page.getByRole("heading", { name: "Your profile" }).count()).toBe(1);
    await old.close();
    await fresh.close();
  });
});
