// "An approval is waiting" mail, through the outbox: a held call writes one row per approver in
// the approval's own transaction; gateway workers send each row once, to the real local catcher,
// with a signed link and the call's context. Two workers send each mail once; a failed send is
// retried with back-off; a decided approval's mail is skipped.
import { createServer } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import type { RunningGateway } from "@/gateway/gateway";
import { WARDEN_META_KEY } from "@/gateway/enforce/verdict";
import { verifyApprovalLink } from "@/lib/approvals/signed-link";
import { db } from "@/lib/db";
import { startMailCatcher, type MailCatcher } from "@/lib/mail/catcher";
import { linkIn } from "../../helpers/mail";
import { account, makeSetup, removeTestData } from "./fixtures";
import { connectAgent, startStandin, startTestGateway } from "./harness";

const policy = { version: "1", default: "allow", tools: { set_experiment_tag: { action: "require_approval", approval: { timeout: "30m", mode: "retry" } } } };
const appUrl = "http://127.0.0.1:3999";

let standin: Awaited<ReturnType<typeof startStandin>>;
let catcher: MailCatcher;
const gateways: RunningGateway[] = [];

beforeAll(async () => {
  standin = await startStandin();
  catcher = await startMailCatcher();
});
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((g) => g.close()));
});
afterAll(async () => {
  await catcher.close();
  await standin.close();
  await removeTestData();
});

async function gateway(smtpUrl: string, overrides: Parameters<typeof startTestGateway>[0] = {}) {
  const started = await startTestGateway({ smtpUrl, appUrl, mailRetryBaseMs: 200, webhookPollMs: 100, ...overrides });
  gateways.push(started);
  return started;
}

/** An organization with its owner, an admin, an admin who opted out, an unverified admin and an editor. */
async function organization() {
  const setup = await makeSetup({ transport: "http", url: standin.url }, policy);
  const member = async (label: string, role: "admin" | "editor", data: { approvalMailOptOut?: boolean; emailVerifiedAt?: Date | null } = {}) => {
    const person = await account(label);
    await db.membership.create({ data: { orgId: setup.orgId, userId: person.userId, role } });
    await db.user.update({ where: { id: person.userId }, data });
    return person.email;
  };
  const owner = (await db.user.findUniqueOrThrow({ where: { id: setup.userId } })).email;
  return {
    setup, owner,
    admin: await member("admin", "admin"),
    optedOut: await member("optout", "admin", { approvalMailOptOut: true }),
    unverified: await member("unverified", "admin", { emailVerifiedAt: null }),
    editor: await member("editor", "editor"),
  };
}

async function heldCall(gatewayUrl: string, setup: Awaited<ReturnType<typeof makeSetup>>, value = "production") {
  const agent = await connectAgent(gatewayUrl, setup.server.id, setup.token);
  const result = await agent.callTool({ name: "set_experiment_tag", arguments: { experiment_id: "1", key: "stage", value } });
  await agent.close();
  return result._meta?.[WARDEN_META_KEY] as { approvalId: string; decision: string };
}

const mailsOf = (approvalId: string) => db.approvalMail.findMany({ where: { approvalId }, orderBy: { createdAt: "asc" } });
const forApproval = (approvalId: string) => catcher.messages().filter((m) => m.text.includes(approvalId));

describe("approval waiting mail", () => {
  test("goes once to each approver who wants it, from two workers, with a signed link and the call's context", async () => {
    const org = await organization();
    // Both workers hear the outbox's NOTIFY and try to claim the same rows.
    const [first] = [await gateway(catcher.url), await gateway(catcher.url)];
    const held = await heldCall(first!.url, org.setup);
    expect(held.decision).toBe("approval_pending");

    const toOwner = await catcher.waitFor(org.owner, (m) => m.text.includes(held.approvalId));
    await catcher.waitFor(org.admin, (m) => m.text.includes(held.approvalId));
    await expect.poll(async () => (await mailsOf(held.approvalId)).map((m) => m.status), { timeout: 10_000 }).toEqual(["sent", "sent"]);
    // Once each, to the owner and the admin; never to the opted-out or unverified admin or the editor.
    expect(forApproval(held.approvalId).map((m) => m.to[0]).sort()).toEqual([org.owner, org.admin].map((e) => e.toLowerCase()).sort());

    expect(toOwner.subject).toMatch(/^An approval is waiting in /);
    expect(toOwner.text).toContain("set_experiment_tag");
    expect(toOwner.text).toContain("Rule: /tools/set_experiment_tag (policy version 1)");
    expect(toOwner.text).toContain('"value": "production"');
    const link = new URL(linkIn(toOwner, "/"));
    expect(link.origin).toBe(appUrl);
    expect(link.pathname).toMatch(new RegExp(`/approvals/${held.approvalId}$`));
    expect(verifyApprovalLink(held.approvalId, link.searchParams.get("exp"), link.searchParams.get("sig")).valid).toBe(true);
    expect(verifyApprovalLink("apr_other", link.searchParams.get("exp"), link.searchParams.get("sig")).valid).toBe(false);
  });

  test("a failed send is retried with back-off until the mail server answers", async () => {
    const org = await organization();
    const port = await freePort();
    const running = await gateway(`smtp://127.0.0.1:${port}`);
    const held = await heldCall(running.url, org.setup, "retry-me");
    await expect.poll(async () => (await mailsOf(held.approvalId)).every((m) => m.attempts >= 1 && m.lastError !== null), { timeout: 10_000 }).toBe(true);
    expect((await mailsOf(held.approvalId)).map((m) => m.status)).toEqual(["pending", "pending"]);

    const late = await startMailCatcher({ port });
    try {
      const mail = await late.waitFor(org.owner, (m) => m.text.includes(held.approvalId), 15_000);
      expect(mail.text).toContain('"value": "retry-me"');
      await expect.poll(async () => (await mailsOf(held.approvalId)).map((m) => m.status), { timeout: 15_000 }).toEqual(["sent", "sent"]);
      expect((await mailsOf(held.approvalId)).every((m) => m.attempts >= 2)).toBe(true);
    } finally {
      await late.close();
    }
  });

  test("attempts are bounded: after the last one the mail is marked failed", async () => {
    const org = await organization();
    const running = await gateway(`smtp://127.0.0.1:${await freePort()}`, { mailMaxAttempts: 2, mailRetryBaseMs: 50 });
    const held = await heldCall(running.url, org.setup, "never");
    await expect.poll(async () => (await mailsOf(held.approvalId)).map((m) => [m.status, m.attempts]), { timeout: 15_000 }).toEqual([["failed", 2], ["failed", 2]]);
  });

  test("a mail not yet sent when the approval is decided is skipped", async () => {
    const org = await organization();
    // No worker sends mail while the person decides.
    const quiet = await startTestGateway({ appUrl });
    gateways.push(quiet);
    const held = await heldCall(quiet.url, org.setup, "decided");
    expect((await mailsOf(held.approvalId)).map((m) => m.status)).toEqual(["pending", "pending"]);
    await db.approval.update({ where: { id: held.approvalId }, data: { status: "denied", decidedAt: new Date() } });
    await gateway(catcher.url);
    await expect.poll(async () => (await mailsOf(held.approvalId)).map((m) => m.status), { timeout: 10_000 }).toEqual(["skipped", "skipped"]);
    expect(forApproval(held.approvalId)).toEqual([]);
  });
});

/** A loopback port with nothing listening on it (bound, then released). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
