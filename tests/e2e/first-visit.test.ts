// What a newcomer sees on the first visits, on a desktop and on a phone: pages load without
// console errors (a favicon, no hydration error from the approval countdown), the navigation's
// pending badge looks the same on every page, nothing is wider than a 390 px screen, and empty
// pages link to the step that comes first.
import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { db } from "@/lib/db";
import { createGrantFor } from "@/lib/data/grant-lifecycle";
import { screenshot } from "../helpers/browser";
import { browserSuite } from "../helpers/browser-suite";
import { fillSignUp, newPerson } from "../helpers/sign-up";
import { makeApproval, makeServerAndPolicy } from "../integration/api-helpers";

const e2e = browserSuite();

/** A new, unverified owner with a server (one tool), a policy, a grant and one held call. */
async function newcomerWithHeldCall(page: Page, organization: string) {
  const person = newPerson(organization, "Nina Newcomer");
  await fillSignUp(page, e2e.app.url, person);
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-up"), { timeout: 15_000 });
  const slug = new URL(page.url()).pathname.split("/")[1]!;
  const org = await db.organization.findUniqueOrThrow({ where: { slug } });
  const owner = await db.membership.findFirstOrThrow({ where: { orgId: org.id } });
  const { server, policy } = await makeServerAndPolicy(org.id);
  await db.tool.create({
    data: { orgId: org.id, serverId: server.id, name: "set_model_alias", description: "Point an alias at a model version.", class: "write", risk: "high", fingerprint: "f1" },
  });
  const grant = await createGrantFor(org.id, { userId: owner.userId, apiKeyId: null }, { serverId: server.id, policyId: policy.id, name: "Claude Desktop – Nina" });
  const approval = await makeApproval(org.id, grant.id, server.id, policy.id);
  return { slug, serverId: server.id, serverName: server.name, policyId: policy.id, grantId: grant.id, approvalId: approval.id };
}

/** Console errors and uncaught page errors (React's hydration errors are the latter). */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  return errors;
}

describe("a newcomer's first visits", () => {
  test("pages load without console errors, with a favicon and the same pending badge everywhere", async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    const { slug, serverName, approvalId } = await newcomerWithHeldCall(page, "First Visit Co");
    const errors = collectErrors(page);
    // The scripts arrive late, as on a slow machine: the approval countdown the server rendered is
    // then seconds old when the browser hydrates it, which used to throw React's error #418.
    await page.route("**/_next/static/chunks/**", async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await route.continue();
    });

    for (const path of ["", "/servers", "/approvals", `/approvals/${approvalId}`, "/audit"]) {
      await page.goto(`${e2e.app.url}/${slug}${path}`);
      await page.waitForLoadState("networkidle");
      // Pages that do not load control.css (the overview, servers) show the badge styled too.
      await expect.poll(() => page.getByTestId("pending-badge").innerText(), { timeout: 10_000 }).toBe("1");
      const badge = await page.getByTestId("pending-badge").evaluate((el) => getComputedStyle(el).backgroundColor);
      expect(badge, path).toBe("rgb(201, 42, 42)");
      if (path.startsWith("/approvals")) expect(await page.getByRole("main").innerText()).toMatch(/\d+:\d\d left/);
    }
    expect(errors).toEqual([]);

    const icon = await page.locator('head link[rel="icon"]').getAttribute("href");
    expect(icon).toBeTruthy();
    const answer = await page.request.get(new URL(icon!, e2e.app.url).toString());
    expect(answer.status()).toBe(200);
    expect(answer.headers()["content-type"]).toContain("image/svg+xml");

    // The OAuth panel names each server as it is written (a row header, not an upper-case column label).
    await page.goto(`${e2e.app.url}/${slug}/grants`);
    expect(await page.getByRole("table", { name: "OAuth connection URLs" }).getByRole("rowheader").innerText()).toBe(serverName);

    // Without npm start's mail catcher there is no local inbox to point at.
    await page.goto(`${e2e.app.url}/${slug}`);
    expect(await page.getByText(/Open the link we mailed to/).count()).toBe(1);
    expect(await page.getByRole("link", { name: "open the local mail inbox" }).count()).toBe(0);
    await context.close();
  });

  test("on a 390 px phone no page is wider than the screen, and the builder stacks a tool's action under it", async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const { slug, serverId, policyId, grantId, approvalId } = await newcomerWithHeldCall(page, "Phone Co");
    const paths = ["", "/servers", `/servers/${serverId}`, "/policies", `/policies/${policyId}`, "/grants", `/grants/${grantId}`,
      "/inventory", "/approvals", `/approvals/${approvalId}`, "/audit", "/members", "/settings", "/settings/notifications", "/profile"];
    const tooWide: string[] = [];
    for (const path of paths) {
      await page.goto(`${e2e.app.url}/${slug}${path}`);
      await page.waitForLoadState("networkidle");
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 390) tooWide.push(`${path || "/"}: ${width}px`);
    }
    expect(tooWide).toEqual([]);

    await page.goto(`${e2e.app.url}/${slug}/policies/${policyId}`);
    const row = page.getByRole("listitem").filter({ has: page.getByLabel("Action for set_model_alias") });
    const name = await row.getByText("set_model_alias", { exact: true }).boundingBox();
    const action = await row.getByLabel("Action for set_model_alias").boundingBox();
    expect(name && action).toBeTruthy();
    expect(action!.y).toBeGreaterThanOrEqual(name!.y + name!.height);
    expect(action!.x + action!.width).toBeLessThanOrEqual(390);
    await screenshot(page, "first-visit-phone-builder");
    await context.close();
  });

  test("an empty organization's Grants and Inventory link to the step that comes first", async () => {
    const page = await (await e2e.browser.newContext()).newPage();
    const person = newPerson("Empty Co", "Emil Empty");
    await fillSignUp(page, e2e.app.url, person);
    await page.waitForURL((url) => !url.pathname.startsWith("/sign-up"), { timeout: 15_000 });
    const slug = new URL(page.url()).pathname.split("/")[1]!;
    for (const section of ["grants", "inventory"]) {
      await page.goto(`${e2e.app.url}/${slug}/${section}`);
      await page.getByRole("main").getByRole("link", { name: "Register a server" }).click();
      await page.waitForURL(new RegExp(`/${slug}/servers$`));
    }
    await page.goto(`${e2e.app.url}/${slug}/grants`);
    await page.getByRole("main").getByRole("link", { name: "build a policy" }).click();
    await page.waitForURL(new RegExp(`/${slug}/policies$`));
  });
});
