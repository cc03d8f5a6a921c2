// Journey: sign up → the org dashboard → sign out → sign in again; another org's pages are 404.
import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { db } from "@/lib/db";
import { screenshot } from "../helpers/browser";
import { browserSuite } from "../helpers/browser-suite";
import { fillSignUp, type Person } from "../helpers/sign-up";
import { uniqueEmail } from "../helpers/factories";

const e2e = browserSuite();

const signUp = (page: Page, person: Person) => fillSignUp(page, e2e.app.url, person);

describe("accounts in the browser", () => {
  test("sign up → dashboard → sign out → sign in again", async () => {
    const page = await e2e.browser.newPage();
    const person = { name: "Grace Hopper", email: uniqueEmail("grace"), password: "compilers-rock", organization: "Navy Labs" };
    await signUp(page, person);
    await expect.poll(() => page.getByRole("heading", { name: "Welcome to Navy Labs" }).isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => page.getByRole("navigation", { name: "Main" }).getByRole("link").allInnerTexts()).toEqual([
      "Servers", "Policies", "Grants", "Inventory", "Approvals", "Audit", "Members", "Settings",
    ]);
    await expect.poll(() => page.locator(".step-done").count()).toBe(0); // a new organization has done no step yet
    await screenshot(page, "accounts-dashboard");

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in/);
    await page.goto(`${e2e.app.url}/`); // signed out: the landing page, whose way in is "Sign in"
    await page.getByRole("navigation", { name: "Site" }).getByRole("link", { name: "Sign in" }).click();
    await page.waitForURL(/\/sign-in/);

    await page.getByLabel("Email").fill(person.email);
    await page.getByLabel("Password").fill("wrong-password!");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").first().innerText()).toMatch(/Wrong email or password/);

    await page.getByLabel("Password").fill(person.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "Welcome to Navy Labs" }).isVisible(), { timeout: 15_000 }).toBe(true);
    await screenshot(page, "accounts-signed-in-again");
    await page.close();
  });

  test("a weak password and a duplicate email are shown at their fields; nothing is created", async () => {
    const page = await e2e.browser.newPage();
    const email = uniqueEmail("dupe");
    await signUp(page, { name: "First", email, password: "long-enough-pw", organization: "First Org" });
    await page.waitForURL((url) => !url.pathname.startsWith("/sign-up"), { timeout: 15_000 });
    const usersBefore = await db.user.count();

    const second = await e2e.browser.newPage();
    await signUp(second, { name: "Second", email, password: "short", organization: "Second Org" });
    await expect.poll(() => second.locator("#field-password-error").innerText()).toMatch(/at least 10 characters/);
    await second.getByLabel("Password").fill("long-enough-pw");
    await second.getByRole("button", { name: "Create account" }).click();
    await expect.poll(() => second.locator("#field-email-error").innerText()).toMatch(/already exists/);
    await screenshot(second, "accounts-duplicate-email");
    expect(await db.user.count()).toBe(usersBefore);
    expect(await db.organization.count({ where: { name: "Second Org" } })).toBe(0);
    await page.close();
    await second.close();
  });

  test("a person can own several organizations and switch between them", async () => {
    const page = await e2e.browser.newPage();
    await signUp(page, { name: "Multi", email: uniqueEmail("multi"), password: "multi-password", organization: "First Team" });
    await expect.poll(() => page.getByRole("heading", { name: "Welcome to First Team" }).isVisible(), { timeout: 15_000 }).toBe(true);
    const firstSlug = new URL(page.url()).pathname.split("/")[1]!;
    await page.getByRole("link", { name: "+ New organization" }).click();
    await page.waitForURL(`${e2e.app.url}/new-organization`);
    await page.getByLabel("Organization").fill("Second Team");
    await page.getByRole("button", { name: "Create organization" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "Welcome to Second Team" }).isVisible(), { timeout: 15_000 }).toBe(true);
    await page.getByLabel("Switch organization").selectOption({ label: "First Team" });
    await page.waitForURL(`${e2e.app.url}/${firstSlug}`);
    await expect.poll(() => page.getByRole("heading", { name: "Welcome to First Team" }).isVisible()).toBe(true);
    await page.close();
  });

  test("a member of org A gets 404 for every org-B page", async () => {
    const pageA = await e2e.browser.newPage();
    await signUp(pageA, { name: "Alice", email: uniqueEmail("alice"), password: "alice-password", organization: "Alpha" });
    await pageA.waitForURL((url) => !url.pathname.startsWith("/sign-up"), { timeout: 15_000 });
    const pageB = await e2e.browser.newPage();
    await signUp(pageB, { name: "Bob", email: uniqueEmail("bob"), password: "bob-password!", organization: "Beta" });
    await pageB.waitForURL((url) => !url.pathname.startsWith("/sign-up"), { timeout: 15_000 });
    const slugB = new URL(pageB.url()).pathname.split("/")[1]!;
    for (const section of ["", "/servers", "/policies", "/grants", "/approvals", "/audit", "/members", "/settings"]) {
      const response = await pageA.goto(`${e2e.app.url}/${slugB}${section}`);
      expect(response?.status(), `/${slugB}${section}`).toBe(404);
    }
    await expect.poll(() => pageA.getByRole("heading", { name: "Not found" }).isVisible()).toBe(true);
    await pageA.close();
    await pageB.close();
  });
});
