// Webhooks through REST and the Notifications page's actions: admins add, list, test and delete;
// editors cannot; another organization's webhook is "not found" and left untouched; the URL passes
// the SSRF checks and must be https unless private upstreams are allowed; the secret is shown once
// and stored only encrypted.
import { afterEach, describe, expect, test, vi } from "vitest";
import { GET, POST } from "@/app/api/v1/webhooks/route";
import { DELETE } from "@/app/api/v1/webhooks/[id]/route";
import { POST as TEST } from "@/app/api/v1/webhooks/[id]/test/route";
import { createWebhookAction, deleteWebhookAction, sendTestWebhookAction } from "@/app/(dashboard)/[org]/settings/notifications/actions";
import { db } from "@/lib/db";
import { apiRequest, makeTenant, params } from "./api-helpers";
vi.mock("@/lib/auth/session", () => import("./servers-fake-session"));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

import { signedInAs, tablesContaining } from "./servers-helpers";

const body = { url: "https://hooks.example.com/warden", events: ["approval.pending", "approval.decided"], format: "warden" };

afterEach(() => {
  delete process.env.WARDEN_ALLOW_PRIVATE_UPSTREAMS;
});

describe("REST /api/v1/webhooks", () => {
  test("an admin adds a webhook (secret once, stored encrypted), lists it without the secret, enqueues a test, deletes it", async () => {
    const t = await makeTenant("wh-rest");
    const created = await POST(apiRequest("POST", "/api/v1/webhooks", t.keys.admin, body), params());
    expect(created.status).toBe(201);
    const webhook = (await created.json()) as { id: string; secret: string; url: string; events: string[] };
    expect(webhook).toMatchObject({ url: body.url, events: body.events, format: "warden" });
    expect(webhook.secret).toMatch(/^whsec_/);
    expect(await tablesContaining(webhook.secret)).toEqual([]);

    const listed = (await (await GET(apiRequest("GET", "/api/v1/webhooks", t.keys.admin), params())).json()) as { data: Record<string, unknown>[] };
    expect(listed.data).toHaveLength(1);
    expect(listed.data[0]).toMatchObject({ id: webhook.id, deliveries: [] });
    expect(JSON.stringify(listed)).not.toContain("whsec_");

    const queued = await TEST(apiRequest("POST", `/api/v1/webhooks/${webhook.id}/test`, t.keys.admin), params({ id: webhook.id }));
    expect(queued.status).toBe(202);
    expect(await queued.json()).toMatchObject({ event: "webhook.test", status: "pending", attempts: 0 });

    expect((await DELETE(apiRequest("DELETE", `/api/v1/webhooks/${webhook.id}`, t.keys.admin), params({ id: webhook.id }))).status).toBe(200);
    expect(await db.webhookDelivery.count({ where: { webhookId: webhook.id } })).toBe(0);
  });

  test("editors and viewers are refused (403); bad bodies are 422 with a pointer", async () => {
    const t = await makeTenant("wh-roles");
    expect((await POST(apiRequest("POST", "/api/v1/webhooks", t.keys.editor, body), params())).status).toBe(403);
    expect((await GET(apiRequest("GET", "/api/v1/webhooks", t.keys.viewer), params())).status).toBe(403);
    const noEvents = await POST(apiRequest("POST", "/api/v1/webhooks", t.keys.admin, { ...body, events: [] }), params());
    expect(noEvents.status).toBe(422);
    expect(await noEvents.json()).toMatchObject({ error: { pointer: "/events" } });
  });

  test.each([
    ["plain http", "http://hooks.example.com/x", /https/],
    ["cloud metadata", "https://169.254.169.254/latest", /linkLocal/],
    ["loopback", "https://127.0.0.1:8080/hook", /loopback/],
    ["a reserved name", "https://metadata.google.internal/x", /reserved/],
    ["credentials in the URL", "https://user:pw@hooks.example.com/x", /user name or password/],
  ])("refuses %s", async (_name, url, message) => {
    const t = await makeTenant("wh-ssrf");
    const answer = await POST(apiRequest("POST", "/api/v1/webhooks", t.keys.admin, { ...body, url }), params());
    expect(answer.status).toBe(422);
    expect(((await answer.json()) as { error: { message: string } }).error.message).toMatch(message);
  });

  test("plain http to a private address is allowed where the operator allows private upstreams", async () => {
    process.env.WARDEN_ALLOW_PRIVATE_UPSTREAMS = "1";
    const t = await makeTenant("wh-private");
    expect((await POST(apiRequest("POST", "/api/v1/webhooks", t.keys.admin, { ...body, url: "http://127.0.0.1:9/hook" }), params())).status).toBe(201);
  });

  test("at most 20 webhooks per organization (409 beyond)", async () => {
    const t = await makeTenant("wh-cap");
    for (let i = 0; i < 20; i++) await db.webhook.create({ data: { orgId: t.org.id, url: body.url, events: body.events, format: "warden", secretCiphertext: "x", secretKeyId: "test" } });
    expect((await POST(apiRequest("POST", "/api/v1/webhooks", t.keys.admin, body), params())).status).toBe(409);
  });

  test("another organization's webhook is 404 for DELETE and test, and stays", async () => {
    const a = await makeTenant("wh-a");
    const b = await makeTenant("wh-b");
    const created = (await (await POST(apiRequest("POST", "/api/v1/webhooks", b.keys.admin, body), params())).json()) as { id: string };
    expect((await DELETE(apiRequest("DELETE", `/api/v1/webhooks/${created.id}`, a.keys.owner), params({ id: created.id }))).status).toBe(404);
    expect((await TEST(apiRequest("POST", `/api/v1/webhooks/${created.id}/test`, a.keys.owner), params({ id: created.id }))).status).toBe(404);
    const listed = (await (await GET(apiRequest("GET", "/api/v1/webhooks", a.keys.owner), params())).json()) as { data: unknown[] };
    expect(listed.data).toEqual([]);
    expect(await db.webhook.count({ where: { id: created.id } })).toBe(1);
    expect(await db.webhookDelivery.count({ where: { webhookId: created.id } })).toBe(0);
  });
});

describe("Notifications actions", () => {
  test("an admin adds, tests and deletes; another organization's webhook is not found", async () => {
    const a = await makeTenant("wh-act-a");
    const b = await makeTenant("wh-act-b");
    await signedInAs(a.userId);
    const created = await createWebhookAction(a.org.slug, { ...body, format: "slack" });
    expect(created).toMatchObject({ ok: true, data: { secret: expect.stringMatching(/^whsec_/) } });
    const id = created.ok ? created.data.id : "";
    expect(await sendTestWebhookAction(a.org.slug, id)).toMatchObject({ ok: true });
    expect(await createWebhookAction(a.org.slug, { ...body, url: "http://x.example" })).toMatchObject({ ok: false, error: { fields: { url: expect.any(String) } } });

    await signedInAs(b.userId);
    const refused = { ok: false, error: { code: "not_found" } };
    expect(await sendTestWebhookAction(b.org.slug, id)).toMatchObject(refused);
    expect(await deleteWebhookAction(b.org.slug, id)).toMatchObject(refused);
    expect(await createWebhookAction(a.org.slug, body)).toMatchObject(refused);
    expect(await db.webhook.count({ where: { id } })).toBe(1);

    await signedInAs(a.userId);
    expect(await deleteWebhookAction(a.org.slug, id)).toMatchObject({ ok: true });
    expect(await db.webhook.count({ where: { id } })).toBe(0);
  });
});
