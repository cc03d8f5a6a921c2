// Journey: create a grant → the token once, with copyable snippets → the grant's page → rotate →
// revoke. (Calling the gateway with the snippet is the full journey's part, with the gateway.)
import { describe, expect, test } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { db } from "@/lib/db";
import { hashToken } from "@/lib/crypto";
import { parseClaudeCodeCommand } from "@/components/grants/snippets";
import { screenshot } from "../helpers/browser";
import { browserSuite } from "../helpers/browser-suite";
import { newPerson, signUpInBrowser } from "../helpers/sign-up";
import { makeServerAndPolicy } from "../integration/api-helpers";

const GATEWAY_URL = "http://gateway.test:3100";
const e2e = browserSuite({ GATEWAY_URL });

async function signUp(context: BrowserContext, organization: string): Promise<{ page: Page; slug: string }> {
  const page = await context.newPage();
  return { page, slug: await signUpInBrowser(page, e2e.app.url, newPerson(organization, "Alice Agent")) };
}

describe("grants in the browser", () => {
  test("create → token once with snippets → copy → detail → rotate → revoke", async () => {
    const context = await e2e.browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
    const { page, slug } = await signUp(context, "Grant Co");
    const org = await db.organization.findUniqueOrThrow({ where: { slug } });
    const { server } = await makeServerAndPolicy(org.id);

    await page.goto(`${e2e.app.url}/${slug}/grants`);
    await page.getByLabel("Name").fill("Claude Desktop – Alice");
    await page.getByRole("button", { name: "Create grant" }).click();
    await expect.poll(() => page.getByText("it is shown only once").isVisible(), { timeout: 10_000 }).toBe(true);
    const token = await page.getByTestId("grant-token").innerText();
    expect(token).toMatch(/^wdn_g_/);
    const grant = await db.grant.findFirstOrThrow({ where: { orgId: org.id } });
    expect(grant.tokenHash).toBe(hashToken(token));

    const claudeCode = await page.getByLabel("Claude Code configuration", { exact: true }).innerText();
    expect(claudeCode).toBe(`claude mcp add --transport http warden-claude-desktop-alice ${GATEWAY_URL}/mcp/${server.id} --header "Authorization: Bearer ${token}"`);
    expect(parseClaudeCodeCommand(claudeCode)).toEqual({ url: `${GATEWAY_URL}/mcp/${server.id}`, headers: { Authorization: `Bearer ${token}` } });
    await page.getByRole("button", { name: "Copy the Claude Code configuration" }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(claudeCode);
    for (const title of ["Claude Desktop", "Cursor", "VS Code"]) {
      expect(JSON.parse(await page.getByLabel(`${title} configuration`, { exact: true }).innerText())).toBeTruthy();
    }
    expect(await page.getByLabel("Claude Desktop configuration", { exact: true }).innerText()).toContain('"mcp-remote"');
    expect(await page.getByLabel("Secret URL configuration", { exact: true }).innerText()).toBe(`${GATEWAY_URL}/g/${token}/mcp`);
    await screenshot(page, "grants-token-once");

    await page.getByRole("button", { name: "I have copied it" }).click();
    await page.getByRole("link", { name: "Claude Desktop – Alice" }).click();
    await expect.poll(() => page.getByTestId("gateway-url").innerText()).toBe(`${GATEWAY_URL}/mcp/${server.id}`);
    expect(await page.content()).not.toContain(token); // never shown again
    await screenshot(page, "grants-detail");

    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Rotate token" }).click();
    await expect.poll(() => page.getByTestId("grant-token").isVisible(), { timeout: 10_000 }).toBe(true);
    const rotated = await page.getByTestId("grant-token").innerText();
    expect(rotated).not.toBe(token);
    expect((await db.grant.findUniqueOrThrow({ where: { id: grant.id } })).tokenHash).toBe(hashToken(rotated));

    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Revoke" }).click();
    await expect.poll(() => page.locator(".badge.grant-revoked").isVisible(), { timeout: 10_000 }).toBe(true);
    expect((await db.grant.findUniqueOrThrow({ where: { id: grant.id } })).revokedAt).not.toBeNull();
    await context.close();
  });
});
