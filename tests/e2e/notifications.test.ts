// Journey: an owner opens Settings → Notifications, adds a webhook to a local receiver (the secret
// is shown once), presses "Send test", and sees the delivery go through in the webhook's log; the
// receiver got it signed with that secret.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { verifySignature } from "@/lib/webhooks/signature";
import { screenshot } from "../helpers/browser";
import { journeySuite } from "../helpers/browser-suite";
import { newPerson, signUpInBrowser } from "../helpers/sign-up";

const e2e = journeySuite({ standin: false, gateway: { webhookPollMs: 200, webhookRetryBaseMs: 200 } });
const received: { signature: string; body: string }[] = [];
let receiver: http.Server;
let receiverUrl: string;

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ signature: String(req.headers["warden-signature"]), body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  if (receiver) await new Promise((resolve) => receiver.close(resolve));
});

describe("notifications in the browser", () => {
  test("add a webhook in Settings → Notifications, send a test, see it delivered in the log", async () => {
    const page = await e2e.browser.newPage();
    const slug = await signUpInBrowser(page, e2e.app.url, newPerson("Hook Co", "Wendy Webhook"));
    await page.goto(`${e2e.app.url}/${slug}/settings`);
    await page.getByRole("link", { name: "Notifications" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "Notifications" }).isVisible()).toBe(true);

    await page.getByLabel("Webhook URL").fill(receiverUrl);
    await page.getByLabel("Format").selectOption("warden");
    await page.getByRole("button", { name: "Add webhook" }).click();
    await expect.poll(() => page.getByTestId("webhook-secret").isVisible(), { timeout: 15_000 }).toBe(true);
    const secret = await page.getByTestId("webhook-secret").innerText();
    expect(secret).toMatch(/^whsec_/);

    const webhook = page.getByRole("region", { name: `Webhook ${receiverUrl}` });
    await webhook.getByRole("button", { name: "Send test" }).click();
    const log = webhook.getByRole("table", { name: "Deliveries" });
    await expect.poll(() => log.getByRole("row").filter({ hasText: "webhook.test" }).filter({ hasText: "succeeded" }).count(), { timeout: 20_000 }).toBe(1);
    expect(await log.getByRole("row").filter({ hasText: "webhook.test" }).innerText()).toMatch(/succeeded\s+1\s+200/);
    expect(received).toHaveLength(1);
    expect(verifySignature(secret, received[0]!.signature, received[0]!.body)).toMatchObject({ valid: true });
    await screenshot(page, "notifications");
    await page.close();
  });
});
