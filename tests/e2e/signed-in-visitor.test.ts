// What a person who is already signed in sees where a newcomer would be asked in: the sign-in and
// sign-up pages send them on (to a safe `next`, else their dashboard), the public header links to
// their dashboard; and two pages a newcomer opens early: Notifications with no webhooks says so,
// "Register a server" is said once.
import { describe, expect, test } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { db } from "@/lib/db";
import { screenshot } from "../helpers/browser";
import { browserSuite } from "../helpers/browser-suite";
import { newPerson, signUpInBrowser } from "../helpers/sign-up";

const e2e = browserSuite();

/** A signed-in owner of a new organization, in a browser context of their own. */
async function signedInOwner(organization: string): Promise<{ context: BrowserContext; page: Page; slug: string; email: string }> {
  const context = await e2e.browser.newContext();
  const page = await context.newPage();
  const person = newPerson(organization, "Sam Signedin");
  const slug = await signUpInBrowser(page, e2e.app.url, person);
  return { context, page, slug, email: person.email };
}

/** Opens `path`, which redirects, and answers the path (and query) the browser ends up on. */
async function landingOf(page: Page, path: string): Promise<string> {
  const asked = new URL(path, e2e.app.url).pathname;
  await page.goto(`${e2e.app.url}${path}`);
  await page.waitForURL((url) => url.pathname !== asked, { timeout: 15_000 });
  const url = new URL(page.url());
  return `${url.pathname}${url.search}`;
}

describe("a person who is already signed in", () => {
  test("is sent on from the sign-in and sign-up pages: to a safe next, else to their dashboard", async () => {
    const { context, page, slug, email } = await signedInOwner("Onward Co");
    expect(await landingOf(page, "/sign-in")).toBe(`/${slug}`);
    expect(await page.getByRole("heading", { name: "Welcome to Onward Co" }).isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "Sign in" }).count()).toBe(0);
    expect(await landingOf(page, "/sign-up")).toBe(`/${slug}`);
    expect(await page.getByRole("button", { name: "Create account" }).count()).toBe(0);

    expect(await landingOf(page, `/sign-in?next=${encodeURIComponent(`/${slug}/settings`)}`)).toBe(`/${slug}/settings`);
    expect(await landingOf(page, `/sign-in?callbackUrl=${encodeURIComponent(`/${slug}/audit`)}`)).toBe(`/${slug}/audit`);
    expect(await landingOf(page, `/sign-up?next=${encodeURIComponent("/catalog/mlflow-mcp")}`)).toBe("/catalog/mlflow-mcp");
    // Never another site, and never round in a loop between the two pages.
    for (const next of ["https://evil.example/", "//evil.example/x", "/\\evil.example", "/sign-up", "/sign-in?next=%2Fsign-in"]) {
      expect(await landingOf(page, `/sign-in?next=${encodeURIComponent(next)}`), next).toBe(`/${slug}`);
      expect(await landingOf(page, `/sign-up?next=${encodeURIComponent(next)}`), next).toBe(`/${slug}`);
    }

    // Someone who no longer belongs to any organization starts a new one instead.
    await db.membership.deleteMany({ where: { user: { email } } });
    expect(await landingOf(page, "/sign-in")).toBe("/new-organization");
    expect(await landingOf(page, "/")).toBe("/new-organization");
    await context.close();
  });

  test("sees a link to their dashboard in the public header, where a visitor sees the way in", async () => {
    const visitor = await e2e.browser.newPage();
    await visitor.goto(`${e2e.app.url}/catalog`);
    const visitorNav = visitor.getByRole("navigation", { name: "Site" });
    await visitor.waitForLoadState("networkidle");
    expect(await visitorNav.getByRole("link").allInnerTexts()).toEqual(["Tool catalog", "Sign in", "Create account"]);
    await visitor.close();

    const { context, page, slug } = await signedInOwner("Header Co");
    await page.goto(`${e2e.app.url}/catalog/mlflow-mcp`);
    const nav = page.getByRole("navigation", { name: "Site" });
    await expect.poll(() => nav.getByRole("link").allInnerTexts(), { timeout: 10_000 }).toEqual(["Tool catalog", "Your dashboard"]);
    await screenshot(page, "signed-in-public-header");
    await nav.getByRole("link", { name: "Your dashboard" }).click();
    await page.waitForURL((url) => url.pathname === `/${slug}`, { timeout: 15_000 });
    expect(await page.getByRole("heading", { name: "Welcome to Header Co" }).isVisible()).toBe(true);
    await context.close();
  });

  test("reads 'No webhooks yet.' in Notifications, and 'Register a server' once on its page", async () => {
    const { context, page, slug } = await signedInOwner("Empty Co");
    await page.goto(`${e2e.app.url}/${slug}/settings/notifications`);
    await expect.poll(() => page.getByRole("heading", { name: "Notifications" }).isVisible()).toBe(true);
    expect(await page.getByText("No webhooks yet.").isVisible()).toBe(true);
    expect(await page.getByRole("region", { name: /^Webhook / }).count()).toBe(0);

    await page.goto(`${e2e.app.url}/${slug}/servers/new`);
    const main = page.getByRole("main");
    await expect.poll(() => main.getByRole("heading", { name: "Register a server" }).count()).toBe(1);
    expect(await main.getByText("Register a server", { exact: true }).count()).toBe(1);
    expect(await main.getByRole("button", { name: "MLflow MCP server preset" }).isVisible()).toBe(true);
    expect(await main.getByRole("button", { name: "Test connection & import" }).isVisible()).toBe(true);
    await screenshot(page, "register-server-heading-once");
    await context.close();
  });
});
