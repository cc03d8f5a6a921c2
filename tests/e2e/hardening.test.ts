// Hardening a person meets in the browser. A URL with a key in its query string shows as
// ?api_key=••• to the owner and to a viewer, and the owner edits the URL without typing the key
// again; a stdio server registered in the app is started by the stdio runner, not by the app's
// own process. After sign-in, a `next` that a browser would take to another site stays on this one.
// API keys show their creator and last use; a password change needs the current password and
// signs the person out.
import { describe, expect, test, vi } from "vitest";
import { db } from "@/lib/db";
import { makeAccount } from "../helpers/factories";
import { registerServer } from "@/lib/data/server-registration";
import { openUrl } from "@/lib/data/server-url";
import { startMlflowHttpServer } from "../fixtures/mlflow-mcp";
import { screenshot } from "../helpers/browser";
import { browserSuite } from "../helpers/browser-suite";
import { newPerson, signUpInBrowser } from "../helpers/sign-up";
import { tinyStdioServer, type TinyReport } from "../helpers/tiny-stdio-server";

vi.hoisted(() => {
  process.env.WARDEN_ALLOW_STDIO = "1";
  process.env.WARDEN_ALLOW_PRIVATE_UPSTREAMS = "1";
});

const e2e = browserSuite({ WARDEN_ALLOW_PRIVATE_UPSTREAMS: "1", WARDEN_ALLOW_STDIO: "1" });
const KEY = "e2e-urlkey-8c2d4b7e";

describe("upstream secrets in the browser", () => {
  test("a keyed URL is masked for owner and viewer; editing keeps the key; a stdio server registered in the app runs in the runner", async () => {
    const standin = await startMlflowHttpServer({ port: 0 });
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    try {
      const slug = await signUpInBrowser(page, e2e.app.url, newPerson("Keyed Co", "Olivia Owner"));
      const org = await db.organization.findUniqueOrThrow({ where: { slug } });
      const owner = await db.membership.findFirstOrThrow({ where: { orgId: org.id } });
      const actor = { userId: owner.userId, apiKeyId: null };
      const { server } = await registerServer(org.id, { name: "Keyed", transport: "http", url: `${standin.url}?api_key=${KEY}&region=eu` }, actor);

      await page.goto(`${e2e.app.url}/${slug}/servers/${server.id}`);
      const masked = `${standin.url}?api_key=•••&region=eu`;
      await expect.poll(() => page.getByText(masked).first().isVisible()).toBe(true);
      expect(await page.content()).not.toContain(KEY);
      expect(await page.getByLabel("URL").inputValue()).toBe(masked);
      await page.getByLabel("URL").fill(`${standin.url}?api_key=•••&region=us`);
      await page.getByRole("button", { name: "Save changes" }).click();
      await expect.poll(() => page.getByRole("status").filter({ hasText: "Saved (url)" }).isVisible(), { timeout: 30_000 }).toBe(true);
      expect(openUrl(await db.mcpServer.findUniqueOrThrow({ where: { id: server.id } }))).toBe(`${standin.url}?api_key=${KEY}&region=us`);
      expect(standin.requests.some((r) => r.url.includes(`api_key=${KEY}&region=us`))).toBe(true);
      await screenshot(page, "upstream-url-masked");

      const viewerContext = await e2e.browser.newContext();
      const viewerPage = await viewerContext.newPage();
      const viewer = newPerson("Viewer Own Co", "Victor Viewer");
      await signUpInBrowser(viewerPage, e2e.app.url, viewer);
      const viewerUser = await db.user.findUniqueOrThrow({ where: { email: viewer.email } });
      await db.membership.create({ data: { orgId: org.id, userId: viewerUser.id, role: "viewer" } });
      await viewerPage.goto(`${e2e.app.url}/${slug}/servers/${server.id}`);
      await expect.poll(() => viewerPage.getByText(`${standin.url}?api_key=•••&region=us`).first().isVisible()).toBe(true);
      expect(await viewerPage.content()).not.toContain(KEY);
      await viewerContext.close();

      await page.goto(`${e2e.app.url}/${slug}/servers/new`);
      await page.getByLabel("Name", { exact: true }).fill("Tiny");
      await page.getByLabel("stdio (a command)").check();
      await page.getByLabel("Command", { exact: true }).fill(process.execPath);
      await page.getByLabel("Arguments (one per line)").fill(`-e\n${tinyStdioServer.replace(/\n/g, " ")}`);
      await page.getByRole("button", { name: "Test connection & import" }).click();
      await page.waitForURL((url) => /\/servers\/srv_/.test(url.pathname), { timeout: 30_000 });
      const stdio = await db.mcpServer.findFirstOrThrow({ where: { orgId: org.id, name: "Tiny" } });
      const tool = await db.tool.findFirstOrThrow({ where: { serverId: stdio.id, name: "who" } });
      const seen = JSON.parse(tool.description) as TinyReport;
      expect(seen.parent).toMatch(/stdio-runner\.(mjs|ts) /); // the bundle npm test builds, or tsx without it
      expect(seen.env).toEqual(["HOME", "PATH"]);
    } finally {
      await context.close();
      await standin.close();
    }
  });

  test.each([
    ["a backslash", "/\\evil.example/x"],
    ["a tab in the authority", "/\t/evil.example/x"],
    ["protocol-relative", "//evil.example/x"],
  ])("signing in with next= %s stays on the site", async (_name, next) => {
    const person = await makeAccount("redirect");
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${e2e.app.url}/sign-in?next=${encodeURIComponent(next)}`);
      await page.getByLabel("Email").fill(person.email);
      await page.getByLabel("Password").fill(person.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL((url) => url.pathname !== "/sign-in", { timeout: 20_000 });
      expect(new URL(page.url()).origin).toBe(e2e.app.url);
      expect(page.url()).not.toContain("evil.example");
    } finally {
      await context.close();
    }
  });

  test("the API keys table shows who created a key and when it was last used", async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    try {
      const slug = await signUpInBrowser(page, e2e.app.url, newPerson("Keys Co", "Kim Keys"));
      await page.goto(`${e2e.app.url}/${slug}/settings`);
      await page.getByLabel("Key name").fill("CI deploys");
      await page.getByLabel("Role", { exact: true }).selectOption("viewer");
      await page.getByRole("button", { name: "Create key" }).click();
      await expect.poll(() => page.getByTestId("api-key").or(page.locator(".form-error, .field-error")).first().innerText(), { timeout: 10_000 }).toMatch(/^wdn_k_/);
      const row = () => page.getByRole("table", { name: "API keys" }).getByRole("row").filter({ hasText: "CI deploys" });
      await expect.poll(() => row().innerText()).toContain("Kim Keys");
      expect(await row().innerText()).toContain("never");
      const key = await page.getByTestId("api-key").innerText();
      expect((await fetch(`${e2e.app.url}/api/v1/organization`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
      await page.reload();
      await expect.poll(() => row().innerText(), { timeout: 10_000 }).not.toContain("never");
      expect(await row().innerText()).toContain("Kim Keys");
    } finally {
      await context.close();
    }
  });

  test("changing the password on the profile page needs the current one and signs the person out", async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    try {
      const person = newPerson("Change Co", "Chris Change");
      const slug = await signUpInBrowser(page, e2e.app.url, person);
      await page.goto(`${e2e.app.url}/${slug}/profile`);
      const form = page.getByRole("form", { name: "Change your password" });
      await form.getByLabel("Current password").fill("not-my-password");
      await form.getByLabel("New password", { exact: true }).fill("a-changed-password-9");
      await form.getByLabel("Repeat the new password").fill("a-changed-password-9");
      await form.getByRole("button", { name: "Change password" }).click();
      await expect.poll(() => form.getByText("The current password is wrong").isVisible(), { timeout: 20_000 }).toBe(true);
      await form.getByLabel("Current password").fill(person.password);
      await form.getByRole("button", { name: "Change password" }).click();
      await page.waitForURL((url) => url.pathname === "/sign-in", { timeout: 20_000 });
      await page.getByLabel("Email").fill(person.email);
      await page.getByLabel("Password").fill("a-changed-password-9");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL((url) => url.pathname !== "/sign-in", { timeout: 20_000 });
    } finally {
      await context.close();
    }
  });
});
