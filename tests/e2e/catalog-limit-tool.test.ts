// Journey: a signed-out visitor on the public page of set_experiment_tag clicks "Limit this
// tool →", signs up, registers the demo MLflow server, finds the catalog's recommended rule
// already in the builder's draft, saves it, creates a grant; an MCP SDK client through a gateway
// worker then has its 31st set_experiment_tag call in a minute refused.
import { describe, expect, test } from "vitest";
import { findCatalogTool } from "@/lib/catalog/servers";
import { newPerson } from "../helpers/sign-up";
import { screenshot } from "../helpers/browser";
import { journeySuite } from "../helpers/browser-suite";
import { awayFromMinuteEnd, connectAgent, textOf } from "../integration/gateway/harness";

const e2e = journeySuite({ demoServer: true });

const recommended = findCatalogTool("mlflow-mcp", "set_experiment_tag")!.tool.recommended;

describe("Limit this tool", () => {
  test("catalog page → sign up → demo server → builder with the rule → grant → 31st call in a minute refused", async () => {
    const context = await e2e.browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
    const page = await context.newPage();

    await page.goto(`${e2e.app.url}/`); // from the landing page, through the catalog, to the tool
    await screenshot(page, "catalog-0-landing");
    await page.getByRole("link", { name: "Browse the tool catalog" }).click();
    await page.waitForURL(/\/catalog$/);
    await page.getByRole("link", { name: "MLflow MCP Server", exact: true }).click();
    await page.waitForURL(/\/catalog\/mlflow-mcp$/);
    await page.getByRole("table", { name: "MLflow MCP Server tools" }).getByRole("link", { name: "set_experiment_tag" }).click();
    await page.waitForURL(/\/catalog\/mlflow-mcp\/set_experiment_tag$/);
    await expect.poll(() => page.title()).toBe("set_experiment_tag: Write, Medium risk · MLflow MCP Server · Warden");
    await screenshot(page, "catalog-1-tool-page");
    await page.getByRole("link", { name: "Limit this tool →" }).first().click();

    await page.waitForURL(/\/sign-up\?next=/);
    const person = newPerson("Tag Keepers", "Lin Catalog");
    await page.getByLabel("Name").fill(person.name);
    await page.getByLabel("Email").fill(person.email);
    await page.getByLabel("Password").fill(person.password);
    await page.getByLabel("Organization").fill(person.organization);
    await page.getByRole("button", { name: "Create account" }).click();

    await page.waitForURL(/\/limit\/mlflow-mcp\/set_experiment_tag$/, { timeout: 20_000 });
    const slug = new URL(page.url()).pathname.split("/")[1]!;
    await expect.poll(() => page.getByRole("heading", { name: "Limit set_experiment_tag" }).isVisible()).toBe(true);
    expect(await page.getByText("None of your servers lists").isVisible()).toBe(true);
    await page.getByRole("link", { name: "Register the MLflow MCP Server" }).click();

    await page.waitForURL(/\/servers\/new\?next=/);
    await page.getByRole("button", { name: "Use the demo MLflow server" }).click();
    await page.getByRole("button", { name: "Test connection & import" }).click();
    await page.waitForURL(new RegExp(`/${slug}/limit/mlflow-mcp/set_experiment_tag$`), { timeout: 30_000 });
    await screenshot(page, "catalog-2-pick-server");
    await page.getByRole("link", { name: "Use MLflow (demo) →" }).click();

    await page.waitForURL(/\/policies\/new\?server=srv_/, { timeout: 15_000 });
    const serverId = new URL(page.url()).searchParams.get("server")!;
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Started from the catalog's recommended rule for set_experiment_tag." }).isVisible()).toBe(true);
    await page.getByRole("tab", { name: "JSON" }).click();
    expect(JSON.parse(await page.getByLabel("Policy JSON").inputValue())).toEqual(recommended);
    await screenshot(page, "catalog-3-builder");
    await page.getByLabel("Policy name").fill("Limit set_experiment_tag");
    await page.getByRole("button", { name: "Create policy" }).click();
    await page.waitForURL(/\/policies\/pol_/, { timeout: 15_000 });

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Grants" }).click();
    await page.waitForURL(/\/grants$/);
    await page.getByLabel("Name").fill("Catalog agent");
    await page.getByRole("button", { name: "Create grant" }).click();
    await page.getByRole("button", { name: "Copy the token" }).click();
    const token = await page.evaluate(() => navigator.clipboard.readText());
    expect(token.length).toBeGreaterThan(20);
    await screenshot(page, "catalog-4-grant");

    const agent = await connectAgent(e2e.gateway.url, serverId, token);
    try {
      expect((await agent.listTools()).tools.map((t) => t.name)).toEqual(["set_experiment_tag"]); // everything else denied
      await awayFromMinuteEnd(20);
      const tag = { experiment_id: "1", key: "owner", value: "catalog" };
      for (let i = 1; i <= 30; i++) {
        const result = await agent.callTool({ name: "set_experiment_tag", arguments: tag });
        expect(result.isError, `call ${i}: ${textOf(result)}`).toBeFalsy();
      }
      const refused = await agent.callTool({ name: "set_experiment_tag", arguments: tag });
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toMatch(/\/tools\/set_experiment_tag\/limits\/0/);
    } finally {
      await agent.close();
    }

    // Signed in now: the same button goes straight to the organization's step, the server listed.
    await page.goto(`${e2e.app.url}/catalog/mlflow-mcp/set_experiment_tag`);
    await page.getByRole("link", { name: "Limit this tool →" }).first().click();
    await page.waitForURL(new RegExp(`/${slug}/limit/mlflow-mcp/set_experiment_tag$`));
    await expect.poll(() => page.getByRole("link", { name: "Use MLflow (demo) →" }).isVisible()).toBe(true);
    await context.close();
  });
});
