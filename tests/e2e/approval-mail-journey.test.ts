// Journey: an agent's call is held (retry mode) → the approver gets the "approval is waiting"
// mail in the local catcher → follows its signed link while signed out → signs in and lands on
// that approval → approves → the agent's identical retry goes through once → the audit page shows
// held, approved, forwarded. Then, where the rule permits, "Approve and allow identical calls",
// and stopping that early.
import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { WARDEN_META_KEY } from "@/gateway/enforce/verdict";
import { createGrant } from "@/lib/data/grants";
import { createPolicy } from "@/lib/data/policies";
import { db } from "@/lib/db";
import { screenshot } from "../helpers/browser";
import { journeySuite } from "../helpers/browser-suite";
import { linkIn } from "../helpers/mail";
import { fillSignUp, newPerson, type Person } from "../helpers/sign-up";
import { makeServer } from "../integration/gateway/fixtures";
import { connectAgent, textOf } from "../integration/gateway/harness";

const e2e = journeySuite({ mail: true, gateway: { webhookPollMs: 200 } });

const document = {
  version: "1", default: "allow",
  tools: { set_experiment_tag: { action: "require_approval", approval: { timeout: "30m", mode: "retry", allow_identical_for: "1h" } } },
};
const call = (value: string) => ({ name: "set_experiment_tag", arguments: { experiment_id: "1", key: "stage", value } });
const forwarded = (value: string) => e2e.standin.toolCalls.filter((c) => c.tool === "set_experiment_tag" && c.arguments.value === value).length;

let person: Person;
let slug: string;
let agent: Client;

async function heldCall(value: string): Promise<string> {
  const held = await agent.callTool(call(value));
  expect(held.isError).toBe(true);
  const meta = held._meta?.[WARDEN_META_KEY] as { decision: string; approvalId: string };
  expect(meta.decision).toBe("approval_pending");
  return meta.approvalId;
}

async function signIn(page: Page) {
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

describe("approval by mail, in the browser", () => {
  test("held → mail → signed link → sign in → approve → the retry goes through → the audit shows all three", async () => {
    person = newPerson("Mail Approvals Co", "Olga Owner");
    const setupPage = await e2e.browser.newPage();
    // As signUpInBrowser, with more time: password hashing is slow on a loaded machine.
    await fillSignUp(setupPage, e2e.app.url, person);
    await setupPage.waitForURL((url) => !url.pathname.startsWith("/sign-up"), { timeout: 60_000 });
    await db.user.update({ where: { email: person.email }, data: { emailVerifiedAt: new Date() } });
    slug = new URL(setupPage.url()).pathname.split("/")[1]!;
    await setupPage.close();
    const org = await db.organization.findUniqueOrThrow({ where: { slug } });
    const owner = await db.membership.findFirstOrThrow({ where: { orgId: org.id } });
    const server = await makeServer(org.id, { transport: "http", url: e2e.standin.url }, "MLflow");
    const policy = await createPolicy(org.id, { serverId: server.id, name: "careful", document }, owner.userId);
    const grant = await createGrant(org.id, { serverId: server.id, policyId: policy.id, name: "Cursor – Olga" });
    agent = await connectAgent(e2e.gateway.url, server.id, grant.token);

    const approvalId = await heldCall("production");
    const mail = await e2e.catcher.waitFor(person.email, (m) => m.text.includes(approvalId), 20_000);
    expect(mail.subject).toBe("An approval is waiting in Mail Approvals Co");
    const link = linkIn(mail, `/${slug}/approvals/`);
    expect(new URL(link).searchParams.get("sig")).toBeTruthy();

    // A fresh browser context: not signed in. The link leads to sign-in, then back to the approval.
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    await page.goto(link);
    await page.waitForURL((url) => url.pathname === "/sign-in");
    await signIn(page);
    await page.waitForURL((url) => url.pathname === `/${slug}/approvals/${approvalId}`, { timeout: 60_000 });
    await expect.poll(() => page.getByRole("heading", { level: 1 }).innerText()).toBe("set_experiment_tag by Cursor – Olga");
    expect(await page.getByRole("note").filter({ hasText: "Opened from a link Warden signed for this approval" }).count()).toBe(1);
    expect(await page.getByLabel("Arguments", { exact: true }).innerText()).toContain('"value": "production"');
    expect(await page.getByLabel("Rule", { exact: true }).innerText()).toContain('"allow_identical_for": "1h"');
    await screenshot(page, "approval-from-mail");
    await page.getByLabel("Note (optional)").fill("go ahead");
    await page.getByRole("button", { name: "Approve", exact: true }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Approved" }).innerText(), { timeout: 10_000 }).toMatch(/Approved by Olga Owner\. Note: go ahead/);

    const retried = await agent.callTool(call("production"));
    expect(retried.isError, textOf(retried)).toBeFalsy();
    expect(forwarded("production")).toBe(1);
    // Approved once: the next identical call asks again.
    expect((await agent.callTool(call("production"))).isError).toBe(true);
    expect(forwarded("production")).toBe(1);

    await page.goto(`${e2e.app.url}/${slug}/audit`);
    const table = page.getByRole("table", { name: "Audit events" });
    await expect.poll(() => table.innerText(), { timeout: 10_000 }).toMatch(/approval_granted/);
    const body = await table.innerText();
    for (const step of ["approval_pending", "approval/approve", "approval_granted"]) expect(body).toContain(step);

    // A link whose signature was altered is not taken for Warden's.
    const forged = new URL(link);
    forged.searchParams.set("exp", String(Number(forged.searchParams.get("exp")) + 3600));
    await page.goto(forged.toString());
    expect(await page.getByRole("alert").filter({ hasText: "does not match this approval" }).count()).toBe(1);
    await context.close();
  });

  test("approve and allow identical calls for 10 minutes: identical calls pass, others are held", async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.app.url}/sign-in`);
    await signIn(page);
    await page.waitForURL((url) => url.pathname !== "/sign-in", { timeout: 60_000 });

    const approvalId = await heldCall("batch");
    await page.goto(`${e2e.app.url}/${slug}/approvals/${approvalId}`);
    await page.getByLabel(/Allow identical calls for/).fill("10");
    await page.getByRole("button", { name: "Approve and allow identical calls" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Approved" }).innerText(), { timeout: 10_000 }).toMatch(/Identical calls allowed until/);

    for (let i = 0; i < 3; i++) {
      const result = await agent.callTool(call("batch"));
      expect(result.isError, textOf(result)).toBeFalsy();
    }
    expect(forwarded("batch")).toBe(3);
    await heldCall("something else");
    await screenshot(page, "approval-identical-calls");

    // Stopped early: the next identical call asks a person again.
    await page.getByRole("button", { name: "Stop allowing identical calls" }).click();
    await expect.poll(() => page.getByRole("status").innerText(), { timeout: 10_000 }).toMatch(/\(stopped\)/);
    await heldCall("batch");
    expect(forwarded("batch")).toBe(3);
    await agent.close();
    await page.close();
  });
});
