// Journey: change what you set up without starting over. An owner points a server at a new URL
// (a wrong one is refused at the field first), moves a grant to another policy (same token), and
// deletes the policy nobody uses any more (one in use is refused, naming its grant).
import { describe, expect, test } from "vitest";
import { db } from "@/lib/db";
import { createGrant } from "@/lib/data/grants";
import { registerServer } from "@/lib/data/server-registration";
import { usePrivateStandins } from "../helpers/private-standins";
import { screenshot } from "../helpers/browser";
import { browserSuite } from "../helpers/browser-suite";
import { newPerson, signUpInBrowser } from "../helpers/sign-up";

const e2e = browserSuite({ WARDEN_ALLOW_PRIVATE_UPSTREAMS: "1" });

const standins = usePrivateStandins("first", "second");

async function policy(orgId: string, serverId: string, name: string) {
  const row = await db.policy.create({ data: { orgId, serverId, name } });
  await db.policyVersion.create({ data: { orgId, policyId: row.id, version: 1, document: { version: "1", default: "allow" } } });
  return row.id;
}

describe("editing what was set up, in the browser", () => {
  test("edit a server's URL, move a grant to another policy, delete the unused policy", async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    const slug = await signUpInBrowser(page, e2e.app.url, newPerson("Edit Co", "Olivia Owner"));
    const org = await db.organization.findUniqueOrThrow({ where: { slug } });
    const owner = await db.membership.findFirstOrThrow({ where: { orgId: org.id } });
    const { server } = await registerServer(org.id, { name: "MLflow", transport: "http", url: standins.first.url }, { userId: owner.userId, apiKeyId: null });
    const recommended = await policy(org.id, server.id, "Recommended");
    const readOnly = await policy(org.id, server.id, "Read only");
    const grant = await createGrant(org.id, { serverId: server.id, policyId: recommended, name: "Claude – Olivia" });

    await page.goto(`${e2e.app.url}/${slug}/servers/${server.id}`);
    const url = page.getByLabel("URL");
    await url.fill("http://127.0.0.1:1/mcp");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => page.getByRole("alert").filter({ hasText: "Could not connect" }).isVisible(), { timeout: 20_000 }).toBe(true);
    expect((await db.mcpServer.findUniqueOrThrow({ where: { id: server.id } })).url).toBe(standins.first.url);
    await url.fill(standins.second.url);
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Saved (url)" }).isVisible(), { timeout: 20_000 }).toBe(true);
    expect((await db.mcpServer.findUniqueOrThrow({ where: { id: server.id } })).url).toBe(standins.second.url);
    await expect.poll(() => page.getByText(standins.second.url).first().isVisible()).toBe(true);
    await screenshot(page, "edit-server-url");

    await page.goto(`${e2e.app.url}/${slug}/grants/${grant.id}`);
    await page.getByLabel("Policy").selectOption({ label: "Read only" });
    await page.getByLabel("Grant name").fill("Claude – Olivia (read only)");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "token is unchanged" }).isVisible(), { timeout: 20_000 }).toBe(true);
    const moved = await db.grant.findUniqueOrThrow({ where: { id: grant.id } });
    expect(moved).toMatchObject({ policyId: readOnly, name: "Claude – Olivia (read only)", tokenPrefix: grant.tokenPrefix });
    await expect.poll(() => page.getByRole("heading", { name: "Claude – Olivia (read only)" }).isVisible()).toBe(true);
    await screenshot(page, "edit-grant-policy");

    await page.goto(`${e2e.app.url}/${slug}/policies/${readOnly}`);
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Delete policy" }).click();
    await expect.poll(() => page.getByRole("alert").filter({ hasText: "Claude – Olivia (read only)" }).isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await db.policy.count({ where: { id: readOnly } })).toBe(1);

    await page.goto(`${e2e.app.url}/${slug}/policies/${recommended}`);
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Delete policy" }).click();
    await expect.poll(() => page.url(), { timeout: 20_000 }).toBe(`${e2e.app.url}/${slug}/policies`);
    expect(await db.policy.count({ where: { id: recommended } })).toBe(0);
    await context.close();
  });
});
