// Security headers in real Chromium: the approvals page cannot be framed by another origin (even
// a same-site one, whose frame would carry the session cookie), and pages and API answers carry
// CSP, nosniff and Referrer-Policy.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, test } from "vitest";
import { browserSuite } from "../helpers/browser-suite";
import { newPerson, signUpInBrowser } from "../helpers/sign-up";

const e2e = browserSuite();
let framer: Server | undefined;
afterAll(() => new Promise<void>((resolve) => (framer ? framer.close(() => resolve()) : resolve())));

/** A page on another origin (another port of localhost) that frames `target`. */
async function startFramer(target: string): Promise<string> {
  framer = createServer((_req, res) => {
    res.setHeader("content-type", "text/html");
    res.end(`<!doctype html><title>framer</title><h1>Framer</h1><iframe id="victim" src="${target}" width="800" height="600"></iframe>`);
  });
  await new Promise<void>((resolve) => framer!.listen(0, "127.0.0.1", resolve));
  return `http://localhost:${(framer.address() as AddressInfo).port}/`;
}

describe("security headers", () => {
  test("the approvals page renders on its own but not inside another origin's iframe", async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    const slug = await signUpInBrowser(page, e2e.app.url, newPerson("Framing Co"));
    const approvals = `${e2e.app.url}/${slug}/approvals`;
    const response = await page.goto(approvals);
    expect(await page.getByText("No calls are waiting").isVisible()).toBe(true);
    expect(response?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");

    const refusals: string[] = [];
    page.on("console", (message) => refusals.push(message.text()));
    await page.goto(await startFramer(approvals));
    expect(await page.getByRole("heading", { name: "Framer" }).isVisible()).toBe(true);
    const frame = await (await page.$("#victim"))!.contentFrame();
    // Chromium replaces a refused frame with its error page: nothing of the app is in it.
    await expect.poll(() => frame?.url() ?? "", { timeout: 10_000 }).toMatch(/^chrome-error:/);
    expect(await frame!.content()).not.toContain("No calls are waiting");
    expect(refusals.join("\n")).toMatch(/frame-ancestors/);
    await context.close();
  });

  test.each([
    ["the sign-in page", "/sign-in"],
    ["an API route", "/api/v1/servers"],
    ["the OpenAPI document", "/api/v1/openapi.json"],
  ])("%s carries the headers", async (_name, path) => {
    const response = await fetch(`${e2e.app.url}${path}`);
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    // The test app is served over http, where HSTS is not sent.
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });
});
