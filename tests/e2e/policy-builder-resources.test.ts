// Journey: resources and prompts in the policy builder, as a person does it in Chromium.
// Register the MLflow stand-in → Deny all → allow "mlflow://experiments/*" but deny experiment 2
// with a reason → allow prompts except "audit_*" → the JSON tab shows exactly that document →
// the simulator decides a read and a prompt as the gateway would → save → version 1 holds it.
import { expect, test } from "vitest";
import type { Page } from "playwright-core";
import { db } from "@/lib/db";
import { newPerson, signUpInBrowser } from "../helpers/sign-up";
import { screenshot } from "../helpers/browser";
import { journeySuite } from "../helpers/browser-suite";

const e2e = journeySuite({ gateway: false });

const EXPECTED = {
  version: "1",
  default: "deny",
  resources: {
    uris: {
      "mlflow://experiments/*": {},
      "mlflow://experiments/2": { action: "deny", reason: "Experiment 2 is under embargo." },
    },
  },
  prompts: { default: "allow", names: { "audit_*": { action: "hide" } } },
};

async function registerMlflow(page: Page) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Servers" }).click();
  await page.getByRole("link", { name: "Register a server" }).first().click();
  await page.getByLabel("Name").fill("MLflow");
  await page.getByLabel("URL").fill(e2e.standin.url);
  await page.getByRole("button", { name: "Test connection & import" }).click();
  await expect.poll(() => page.getByText("Connected and imported 40 tools.").isVisible(), { timeout: 20_000 }).toBe(true);
}

async function addRule(page: Page, section: "Resources" | "Prompts", key: string, action: string) {
  const region = page.getByRole("region", { name: section, exact: true });
  await region.getByLabel(section === "Resources" ? "Resource URI or pattern" : "Prompt name or pattern").fill(key);
  await region.getByLabel("Its action").selectOption(action);
  await region.getByRole("button", { name: section === "Resources" ? "Add resource rule" : "Add prompt rule" }).click();
}

async function check(page: Page, kind: "resource" | "prompt", name: string) {
  const region = page.getByRole("region", { name: "Resources and prompts" });
  await region.getByLabel("Request").selectOption(kind);
  await region.getByLabel(kind === "resource" ? "Resource URI" : "Prompt name").fill(name);
  await region.getByRole("button", { name: "Check this request" }).click();
  return region.getByRole("status", { name: "Decision" }).innerText();
}

test("resources and prompts: set defaults and rules visually, simulate, save", async () => {
  const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signUpInBrowser(page, e2e.app.url, newPerson("Resource Rules"));
  await registerMlflow(page);
  await page.getByRole("link", { name: "Build a policy for this server" }).click();
  await page.getByRole("button", { name: /Deny all/ }).click();

  const resources = page.getByRole("region", { name: "Resources", exact: true });
  expect(await resources.getByLabel("Resources the policy does not name").inputValue()).toBe("");
  expect(await resources.getByRole("option", { name: "As for tools (hide them)" }).count()).toBe(1);
  await addRule(page, "Resources", "mlflow://experiments/*", "allow");
  await addRule(page, "Resources", "mlflow://experiments/2", "deny");
  await resources.getByLabel("Reason told to the agent when refused").fill("Experiment 2 is under embargo.");
  expect(await resources.getByLabel("Action for mlflow://experiments/2").inputValue()).toBe("deny");
  // A resource cannot wait for approval, so the builder does not offer it.
  expect(await resources.getByLabel("Action for mlflow://experiments/*").locator("option").allInnerTexts()).toEqual(["Allow", "Deny", "Hide"]);

  const prompts = page.getByRole("region", { name: "Prompts", exact: true });
  await prompts.getByLabel("Prompts the policy does not name").selectOption("allow");
  await addRule(page, "Prompts", "audit_*", "hide");
  await screenshot(page, "builder-resources-1-visual");

  await page.getByRole("tab", { name: /JSON/ }).click();
  expect(JSON.parse(await page.getByLabel("Policy JSON").inputValue())).toEqual(EXPECTED);

  await page.getByRole("tab", { name: "Simulate" }).click();
  expect(await check(page, "resource", "mlflow://experiments/1")).toMatch(/Allowed[\s\S]*\/resources\/uris\/mlflow:~1~1experiments~1\*/);
  expect(await check(page, "resource", "mlflow://experiments/2")).toMatch(/Denied[\s\S]*Experiment 2 is under embargo\./);
  expect(await check(page, "resource", "mlflow://models/churn")).toMatch(/Hidden[\s\S]*\/default/);
  expect(await check(page, "prompt", "audit_mlflow_setup")).toMatch(/Hidden[\s\S]*\/prompts\/names\/audit_\*/);
  expect(await check(page, "prompt", "find_best_run")).toMatch(/Allowed[\s\S]*\/prompts\/default/);
  await screenshot(page, "builder-resources-2-simulator");

  await page.getByLabel("Policy name").fill("Experiments only");
  await page.getByRole("button", { name: "Create policy" }).click();
  await expect.poll(() => page.getByText("Saved version 1.").isVisible(), { timeout: 15_000 }).toBe(true);
  const policyId = new URL(page.url()).pathname.split("/").at(-1)!;
  const versions = await db.policyVersion.findMany({ where: { policyId } });
  expect(versions.map((v) => v.document)).toEqual([EXPECTED]);
  await page.close();
});
