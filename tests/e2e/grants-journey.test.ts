// The whole journey, as a new user would try it, in Chromium: sign up → register the MLflow
// stand-in → "Recommended" policy → create a grant → copy the Claude Code snippet → an MCP SDK
// client using exactly that URL and header lists tools and calls get_experiments (allowed),
// set_experiment_tag past its limit (refused), set_model_alias (answered: approval pending) → the
// approval appears in the inbox without a reload → approve → the client's retry gets the result → the audit page shows it,
// filtered by the grant, exports it, and the integrity check passes.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { parseClaudeCodeCommand } from "@/components/grants/snippets";
import { uniqueEmail } from "../helpers/factories";
import { screenshot } from "../helpers/browser";
import { registerServerInBrowser } from "../helpers/register-server";
import { journeySuite } from "../helpers/browser-suite";
import { awayFromMinuteEnd } from "../integration/gateway/harness";

const e2e = journeySuite();

const text = (result: unknown) => ((result as CallToolResult).content ?? []).map((c) => (c.type === "text" ? c.text : "")).join("\n");

async function setUpThroughTheUi(page: Page): Promise<{ slug: string; serverId: string }> {
  await page.goto(`${e2e.app.url}/sign-up`);
  await page.getByLabel("Name").fill("Ada Agentwright");
  await page.getByLabel("Email").fill(uniqueEmail("ada"));
  await page.getByLabel("Password").fill("ada-password-1");
  await page.getByLabel("Organization").fill("Ada Labs");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-up"), { timeout: 15_000 });
  const slug = new URL(page.url()).pathname.split("/")[1]!;

  const serverId = await registerServerInBrowser(page, e2e.app.url, slug, { name: "MLflow", url: e2e.standin.url });
  await screenshot(page, "journey-1-server");

  await page.goto(`${e2e.app.url}/${slug}/policies/new?server=${serverId}`);
  await page.getByRole("button", { name: /^Recommended/ }).click();
  await page.getByLabel("Policy name").fill("Recommended");
  await page.getByRole("button", { name: "Create policy" }).click();
  await page.waitForURL(/\/policies\/pol_/, { timeout: 15_000 });
  await screenshot(page, "journey-2-policy");
  return { slug, serverId };
}

describe("the full journey", () => {
  test("sign up → server → policy → grant → agent calls → approval → audit", async () => {
    const context = await e2e.browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
    const page = await context.newPage();
    const { slug, serverId } = await setUpThroughTheUi(page);

    await page.goto(`${e2e.app.url}/${slug}/grants`);
    await page.getByLabel("Name").fill("Claude Code – Ada");
    await page.getByRole("button", { name: "Create grant" }).click();
    await page.getByRole("button", { name: "Copy the Claude Code configuration" }).click();
    const snippet = await page.evaluate(() => navigator.clipboard.readText());
    expect(snippet).toContain(`${e2e.gateway.url}/mcp/${serverId}`);
    await screenshot(page, "journey-3-grant");

    const endpoint = parseClaudeCodeCommand(snippet);
    const agent = new Client({ name: "journey-agent", version: "1.0.0" });
    await agent.connect(new StreamableHTTPClientTransport(new URL(endpoint.url), { requestInit: { headers: endpoint.headers } }));
    const tools = (await agent.listTools()).tools.map((t) => t.name);
    expect(tools).toEqual(expect.arrayContaining(["get_experiments", "set_experiment_tag", "set_model_alias"]));
    expect(tools).not.toContain("delete_experiment"); // hidden by the recommended policy

    const allowed = await agent.callTool({ name: "get_experiments", arguments: {} });
    expect(allowed.isError, text(allowed)).toBeFalsy();
    const tag = { experiment_id: "1", key: "reviewed", value: "yes" };
    await awayFromMinuteEnd(20); // the 30 calls and the 31st share one per-minute window
    for (let i = 0; i < 30; i++) expect((await agent.callTool({ name: "set_experiment_tag", arguments: tag })).isError, `call ${i + 1}`).toBeFalsy();
    const refused = await agent.callTool({ name: "set_experiment_tag", arguments: tag });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(/set_experiment_tag/);

    await page.goto(`${e2e.app.url}/${slug}/approvals`);
    await expect.poll(() => page.getByText("No calls are waiting").isVisible()).toBe(true);
    // The client sends no progress token, so it is answered at once and retries after approval.
    const alias = { name: "set_model_alias", arguments: { name: "churn-classifier", alias: "champion", version: "3" } };
    const held = await agent.callTool(alias);
    expect(text(held)).toMatch(/decision: approval_pending[\s\S]*retry the same call after approval/);
    const card = page.getByRole("listitem").filter({ hasText: "set_model_alias" });
    await expect.poll(() => card.isVisible(), { timeout: 10_000 }).toBe(true); // no reload
    expect(await card.getByLabel("Arguments").innerText()).toContain('"alias": "champion"');
    await screenshot(page, "journey-4-approval");
    await card.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => page.getByText("No calls are waiting").isVisible(), { timeout: 10_000 }).toBe(true);
    const released = await agent.callTool(alias);
    expect(released.isError, text(released)).toBeFalsy();
    await agent.close();

    await page.goto(`${e2e.app.url}/${slug}/audit`);
    await page.getByLabel("Grant", { exact: true }).selectOption({ label: "Claude Code – Ada" });
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/grantId=grt_/);
    const table = page.getByRole("table", { name: "Audit events" });
    await expect.poll(() => table.innerText(), { timeout: 10_000 }).toMatch(/set_model_alias/);
    const body = await table.innerText();
    for (const tool of ["get_experiments", "set_experiment_tag"]) expect(body).toContain(tool);
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const csv = readFileSync((await (await download).path())!, "utf8");
    expect(csv.split("\r\n").filter((line) => line.includes("set_experiment_tag")).length).toBeGreaterThanOrEqual(31);
    await page.getByRole("button", { name: "Verify integrity" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Integrity" }).innerText(), { timeout: 15_000 }).toMatch(/chain intact/);
    await screenshot(page, "journey-5-audit");

    await page.goto(`${e2e.app.url}/${slug}`);
    await expect.poll(() => page.locator(".step-done").allInnerTexts()).toEqual([
      "✓ 1 server", "✓ 1 policy", "✓ 1 active grant", expect.stringMatching(/^✓ \d+ gateway decisions$/),
    ]);
    await screenshot(page, "journey-6-overview");
    await context.close();
  });
});
