// "What can this agent call", in Chromium: a person registers the MLflow stand-in, a grant under
// the seed policy makes 30 set_experiment_tag calls through a gateway worker, and the grant page
// shows the tool limited at 30 / 30 with the calls among its last decisions; the inventory lists
// the tool with the grant. Then the builder imports a PolicyLayer policy and shows what changed.
import { describe, expect, test } from "vitest";
import { db } from "@/lib/db";
import { createGrant } from "@/lib/data/grants";
import { createPolicy } from "@/lib/data/policies";
import { journeySuite } from "../helpers/browser-suite";
import { screenshot } from "../helpers/browser";
import { registerServerInBrowser } from "../helpers/register-server";
import { newPerson, signUpInBrowser } from "../helpers/sign-up";
import { awayFromMinuteEnd, connectAgent, textOf } from "../integration/gateway/harness";
import { SEED_POLICY } from "../integration/gateway/fixtures";

const suite = journeySuite();

describe("what can this agent call", () => {
  test("the grant page shows set_experiment_tag at 30 / 30 after 30 calls; the inventory lists it with the grant", async () => {
    const page = await (await suite.browser.newContext()).newPage();
    const slug = await signUpInBrowser(page, suite.app.url, newPerson("Access Labs"));
    const serverId = await registerServerInBrowser(page, suite.app.url, slug, { name: "MLflow", url: suite.standin.url });

    const org = await db.organization.findUniqueOrThrow({ where: { slug } });
    const policy = await createPolicy(org.id, { serverId, name: "Seed", document: SEED_POLICY }, null);
    const grant = await createGrant(org.id, { serverId, policyId: policy.id, name: "Claude – Access" });

    await awayFromMinuteEnd(25);
    const agent = await connectAgent(suite.gateway.url, serverId, grant.token);
    const tag = { experiment_id: "1", key: "reviewed", value: "yes" };
    for (let i = 0; i < 30; i++) {
      const result = await agent.callTool({ name: "set_experiment_tag", arguments: tag });
      expect(result.isError, `call ${i + 1}: ${textOf(result)}`).toBeFalsy();
    }
    await agent.close();

    await page.goto(`${suite.app.url}/${slug}/grants/${grant.id}`);
    const tools = page.getByRole("table", { name: "What this agent can call" });
    const row = tools.getByRole("row", { name: "set_experiment_tag" });
    expect(await row.innerText()).toMatch(/limited[\s\S]*30 \/ 30[\s\S]*set_experiment_tag_rate · resets \d\d:\d\d:00 UTC/);
    // "Why" names the rule once ("Allowed by /tools/set_experiment_tag…"), not again after it.
    expect((await row.innerText()).split("/tools/set_experiment_tag").length - 1).toBe(1);
    expect(await tools.getByRole("row", { name: "delete_experiment" }).innerText()).toMatch(/hidden/);
    const decisions = page.getByRole("table", { name: "Last decisions" });
    await expect.poll(() => decisions.innerText(), { timeout: 10_000 }).toMatch(/set_experiment_tag[\s\S]*allow/);
    await screenshot(page, "grant-access-30-of-30");

    await page.getByRole("link", { name: "Inventory" }).click();
    await page.waitForURL(/\/inventory$/);
    const item = page.getByRole("table", { name: "Tool inventory" }).getByRole("row", { name: "MLflow set_experiment_tag" });
    expect(await item.innerText()).toMatch(/Claude – Access[\s\S]*limited/);
    expect(await page.getByRole("table", { name: "Tool inventory" }).getByRole("row", { name: "MLflow delete_experiment" }).innerText()).toMatch(/none/);
    await screenshot(page, "grant-access-inventory");
  });

  test("the builder imports a PolicyLayer policy and lists what it changed", async () => {
    const page = await (await suite.browser.newContext()).newPage();
    const slug = await signUpInBrowser(page, suite.app.url, newPerson("Import Labs"));
    const serverId = await registerServerInBrowser(page, suite.app.url, slug, { name: "MLflow", url: suite.standin.url });

    await page.goto(`${suite.app.url}/${slug}/policies/new?server=${serverId}`);
    await page.getByRole("button", { name: /Deny all/ }).click();
    await page.getByRole("tab", { name: /JSON/ }).click();
    await page.getByRole("button", { name: "Import a PolicyLayer policy" }).click();
    const policyLayer = { version: "1", default: "deny", hide: ["delete_experiment"], tools: { set_experiment_tag: { rate_limit: { max: 30, window: "minute" }, on_deny: "Slow down." } } };
    await page.getByLabel("PolicyLayer policy JSON").fill(JSON.stringify(policyLayer));
    await page.getByRole("button", { name: "Convert" }).click();
    const changes = page.getByRole("list", { name: "What the import changed" });
    expect(await changes.innerText()).toMatch(/\/tools\/set_experiment_tag\/on_deny became "reason"[\s\S]*\/tools\/delete_experiment is hidden by \/hide/);
    await page.getByRole("button", { name: "Use the converted policy" }).click();
    const json = JSON.parse(await page.getByLabel("Policy JSON", { exact: true }).inputValue());
    expect(json.tools).toEqual({
      set_experiment_tag: { reason: "Slow down.", limits: [{ counter: "set_experiment_tag_rate_calls", window: "minute", max: 30 }] },
      delete_experiment: { action: "hide" },
    });
    await screenshot(page, "policylayer-import");

    await page.getByRole("button", { name: "Import a PolicyLayer policy" }).click();
    await page.getByLabel("PolicyLayer policy JSON").fill(JSON.stringify({ ...policyLayer, tools: { x: { spend_limit: "$5/day" } } }));
    await page.getByRole("button", { name: "Convert" }).click();
    expect(await page.getByRole("list", { name: "Cannot be converted" }).innerText()).toMatch(/\/tools\/x\/spend_limit is not a rule field Warden can convert/);
  });
});
