// Journey: an agent whose client cannot wait is answered at once with the approval's page → the
// approver opens that URL, sees the call in context, approves with a note → the agent's identical
// retry goes through → the audit page shows held (approval_pending), approved, forwarded
// (approval_granted).
import { describe, expect, test } from "vitest";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { WARDEN_META_KEY } from "@/gateway/enforce/verdict";
import { createGrant } from "@/lib/data/grants";
import { createPolicy } from "@/lib/data/policies";
import { db } from "@/lib/db";
import { screenshot } from "../helpers/browser";
import { journeySuite } from "../helpers/browser-suite";
import { newPerson, signUpInBrowser } from "../helpers/sign-up";
import { makeAccount } from "../helpers/factories";
import { makeApproval, makeServerAndPolicy } from "../integration/api-helpers";
import { makeServer } from "../integration/gateway/fixtures";
import { connectAgent, textOf } from "../integration/gateway/harness";

const e2e = journeySuite();

const document = { version: "1", default: "allow", tools: { set_experiment_tag: { action: "require_approval", approval: { timeout: "30m" } } } };

describe("approval outside the connection, in the browser", () => {
  test("held → the approver follows the link and approves → the retry goes through → the audit shows all three", async () => {
    const page = await e2e.browser.newPage();
    const slug = await signUpInBrowser(page, e2e.app.url, newPerson("Retry Co", "Rita Reviewer"));
    const org = await db.organization.findUniqueOrThrow({ where: { slug } });
    const owner = await db.membership.findFirstOrThrow({ where: { orgId: org.id } });
    const server = await makeServer(org.id, { transport: "http", url: e2e.standin.url }, "MLflow");
    const policy = await createPolicy(org.id, { serverId: server.id, name: "careful", document }, owner.userId);
    const grant = await createGrant(org.id, { serverId: server.id, policyId: policy.id, name: "Cursor – Rita" });
    const agent = await connectAgent(e2e.gateway.url, server.id, grant.token);

    // An earlier approved call of the tool, so the page can show what changed.
    const call = (value: string) => ({ name: "set_experiment_tag", arguments: { experiment_id: "1", key: "stage", value } });
    const first = (await agent.callTool(call("staging")))._meta?.[WARDEN_META_KEY] as { approvalId: string };
    await db.approval.update({ where: { id: first.approvalId }, data: { status: "approved", decidedAt: new Date(), consumedAt: new Date() } });

    const held = (await agent.callTool(call("production"))) as CallToolResult;
    expect(held.isError).toBe(true);
    const meta = held._meta?.[WARDEN_META_KEY] as { decision: string; approvalId: string; approvalUrl: string };
    expect(meta.decision).toBe("approval_pending");
    expect(meta.approvalUrl).toBe(`${e2e.app.url}/${slug}/approvals/${meta.approvalId}`);
    expect(textOf(held)).toContain(meta.approvalUrl);

    await page.goto(meta.approvalUrl);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).innerText()).toBe("set_experiment_tag by Cursor – Rita");
    expect(await page.getByLabel("Arguments", { exact: true }).innerText()).toContain('"value": "production"');
    const diff = page.getByRole("figure", { name: "Changes since the last approved call of this tool" });
    expect(await diff.innerText()).toMatch(/−\s+"value": "staging"[\s\S]*\+\s+"value": "production"/);
    expect(await page.getByLabel("Rule", { exact: true }).innerText()).toContain('"action": "require_approval"');
    expect(await page.getByText(/1 approved · 0 denied/).count()).toBe(1);
    await screenshot(page, "approval-page");
    await page.getByLabel("Note (optional)").fill("promote it");
    await page.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Approved" }).innerText(), { timeout: 10_000 }).toMatch(/Approved by Rita Reviewer\. Note: promote it/);

    const retried = await agent.callTool(call("production"));
    expect(retried.isError, textOf(retried)).toBeFalsy();
    expect(e2e.standin.toolCalls.filter((c) => c.tool === "set_experiment_tag" && c.arguments.value === "production")).toHaveLength(1);
    await agent.close();

    await page.goto(`${e2e.app.url}/${slug}/audit`);
    const table = page.getByRole("table", { name: "Audit events" });
    await expect.poll(() => table.innerText(), { timeout: 10_000 }).toMatch(/approval_granted/);
    const body = await table.innerText();
    for (const step of ["approval_pending", "approval/approve", "approval_granted"]) expect(body).toContain(step);
    await screenshot(page, "approval-audit");

    // Another organization's approval is a 404 under this one's slug.
    const stranger = await makeAccount("other");
    const theirs = await makeServerAndPolicy(stranger.org.id);
    const theirGrant = await createGrant(stranger.org.id, { serverId: theirs.server.id, policyId: theirs.policy.id, name: "theirs" });
    const other = await makeApproval(stranger.org.id, theirGrant.id, theirs.server.id, theirs.policy.id);
    expect((await page.goto(`${e2e.app.url}/${slug}/approvals/${other.id}`))?.status()).toBe(404);
    expect((await page.goto(`${e2e.app.url}/${slug}/approvals/apr_doesnotexist`))?.status()).toBe(404);
    await page.close();
  });
});
