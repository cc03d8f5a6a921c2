// Registering an HTTP server in the browser as a person would: the form's labels and button.
import type { Page } from "playwright-core";

/** Fills "Register a server", tests the connection and waits for the server's page; returns its id. */
export async function registerServerInBrowser(page: Page, appUrl: string, slug: string, server: { name: string; url: string }): Promise<string> {
  await page.goto(`${appUrl}/${slug}/servers/new`);
  await page.getByLabel("Name", { exact: true }).fill(server.name);
  await page.getByLabel("URL", { exact: true }).fill(server.url);
  await page.getByRole("button", { name: "Test connection & import" }).click();
  await page.waitForURL(/\/servers\/srv_/, { timeout: 30_000 });
  return new URL(page.url()).pathname.split("/").pop()!;
}
