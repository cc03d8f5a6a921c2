// Journey: the owner invites by link → a second person signs up and accepts → sees the org as a
// viewer (no create forms, no decisions) → the owner promotes them; the owner cannot leave alone;
// settings: rename and an API key shown once that works against the REST API.
import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { db } from "@/lib/db";
import { screenshot } from "../helpers/browser";
import { browserSuite } from "../helpers/browser-suite";
import { newPerson, signUpInBrowser } from "../helpers/sign-up";

const e2e = browserSuite();

async function signUp(page: Page, name: string, organization: string) {
  return signUpInBrowser(page, e2e.app.url, newPerson(organization, name));
}

describe("members and settings in the browser", () => {
  test("invite link → accept as viewer → read-only pages → promote; last owner cannot leave", async () => {
    const owner = await e2e.browser.newPage();
    const slug = await signUp(owner, "Olivia Owner", "Team Co");
    await owner.goto(`${e2e.app.url}/${slug}/members`);
    await owner.getByLabel("Role", { exact: true }).selectOption("viewer");
    await owner.getByRole("button", { name: "Create invite link" }).click();
    const link = await owner.getByTestId("invite-link").innerText();
    expect(link).toMatch(/\/invite\/wdn_i_/);

    const guest = await e2e.browser.newPage();
    const guestSlug = await signUp(guest, "Victor Viewer", "Victor's Own");
    // The session routes are tenant-scoped too: another org's slug is 404, never 403.
    for (const path of [`/api/orgs/${guestSlug}/approvals`, `/api/orgs/${guestSlug}/audit/export?format=json`, `/${guestSlug}/members`, `/${guestSlug}/grants/grt_00000000000000000000000000000000`]) {
      expect((await owner.request.get(`${e2e.app.url}${path}`)).status(), path).toBe(404);
    }
    expect((await owner.request.get(`${e2e.app.url}/api/orgs/${slug}/approvals`)).status()).toBe(200);
    await guest.goto(link.replace(/^https?:\/\/[^/]+/, e2e.app.url));
    await expect.poll(() => guest.getByRole("heading", { name: "Join Team Co" }).isVisible()).toBe(true);
    await guest.getByRole("button", { name: /Accept as/ }).click();
    await guest.waitForURL(new RegExp(`/${slug}$`), { timeout: 15_000 });
    await guest.goto(link.replace(/^https?:\/\/[^/]+/, e2e.app.url));
    await expect.poll(() => guest.getByRole("heading", { name: "Invitation not valid" }).isVisible()).toBe(true);

    await guest.goto(`${e2e.app.url}/${slug}/grants`);
    await expect.poll(() => guest.getByRole("heading", { name: "Grants" }).isVisible()).toBe(true);
    expect(await guest.getByRole("button", { name: "Create grant" }).count()).toBe(0);
    await guest.goto(`${e2e.app.url}/${slug}/settings`);
    await expect.poll(() => guest.getByText("Only admins and owners").isVisible()).toBe(true);
    await guest.goto(`${e2e.app.url}/${slug}/members`);
    expect(await guest.getByRole("button", { name: "Create invite link" }).count()).toBe(0);

    await owner.reload();
    await owner.getByLabel("Role of Victor Viewer").selectOption("editor");
    await expect.poll(async () => (await db.membership.findFirst({ where: { org: { slug }, user: { name: "Victor Viewer" } } }))?.role).toBe("editor");
    owner.once("dialog", (d) => void d.accept());
    await owner.getByRole("button", { name: "Leave" }).click();
    await expect.poll(() => owner.getByRole("alert").filter({ hasText: "owner" }).count()).toBe(1);
    expect(await owner.getByRole("alert").filter({ hasText: "owner" }).innerText()).toMatch(/at least one owner/);
    await screenshot(owner, "members");
    await owner.close();
    await guest.close();
  });

  test("settings: rename, create an API key shown once that the REST API accepts, revoke it", async () => {
    const page = await e2e.browser.newPage();
    const slug = await signUp(page, "Sam Settings", "Old Name Co");
    await page.goto(`${e2e.app.url}/${slug}/settings`);
    await page.getByLabel("Organization name").fill("New Name Co");
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Saved" }).count()).toBe(1);
    expect((await db.organization.findUniqueOrThrow({ where: { slug } })).name).toBe("New Name Co");

    expect(await page.getByText("No API keys yet.").count()).toBe(1);
    await page.getByLabel("Key name").fill("CI deploys");
    await page.getByLabel("Role", { exact: true }).selectOption("viewer");
    await page.getByRole("button", { name: "Create key" }).click();
    await expect.poll(() => page.getByTestId("api-key").or(page.locator(".form-error, .field-error")).first().innerText(), { timeout: 10_000 }).toMatch(/^wdn_k_/);
    const key = await page.getByTestId("api-key").innerText();
    const call = () => fetch(`${e2e.app.url}/api/v1/organization`, { headers: { authorization: `Bearer ${key}` } });
    expect((await call()).status).toBe(200);
    expect((await (await call()).json()).name).toBe("New Name Co");
    await screenshot(page, "settings-api-key");

    page.once("dialog", (d) => void d.accept());
    await page.getByRole("table", { name: "API keys" }).getByRole("button", { name: "Revoke" }).click();
    await expect.poll(async () => (await call()).status, { timeout: 5_000 }).toBe(401);
    await page.close();
  });
});

describe("an invitation for someone new to Warden", () => {
  test("the invite link → Create an account → back on the invitation → accept", async () => {
    const owner = await e2e.browser.newPage();
    const slug = await signUp(owner, "Iris Inviter", "Invite Co");
    await owner.goto(`${e2e.app.url}/${slug}/members`);
    await owner.getByRole("button", { name: "Create invite link" }).click();
    const link = (await owner.getByTestId("invite-link").innerText()).replace(/^https?:\/\/[^/]+/, e2e.app.url);

    const newcomer = await (await e2e.browser.newContext()).newPage();
    await newcomer.goto(link);
    await newcomer.getByRole("link", { name: "Create an account" }).click();
    await newcomer.waitForURL(/\/sign-up\?next=/);
    const person = newPerson("Nico's Own", "Nico Newcomer");
    await newcomer.getByLabel("Name").fill(person.name);
    await newcomer.getByLabel("Email").fill(person.email);
    await newcomer.getByLabel("Password").fill(person.password);
    await newcomer.getByLabel("Organization").fill(person.organization);
    await newcomer.getByRole("button", { name: "Create account" }).click();
    await newcomer.waitForURL(/\/invite\/wdn_i_/, { timeout: 15_000 });
    await newcomer.getByRole("button", { name: /Accept as/ }).click();
    await newcomer.waitForURL(new RegExp(`/${slug}$`), { timeout: 15_000 });
    const org = await db.organization.findUniqueOrThrow({ where: { slug } });
    const user = await db.user.findUniqueOrThrow({ where: { email: person.email } });
    expect(await db.membership.count({ where: { orgId: org.id, userId: user.id } })).toBe(1);
  });
});
