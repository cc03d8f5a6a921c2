// Hostile tenant: organization A floods the shared approval mail outbox. A has many admins (each
// gets "an approval is waiting" for every held call, up to the 20-per-person cap) and makes a burst
// of held calls, so hundreds of A's mails are due at once, on a mail server that takes a while per
// message, as real providers do. Organization B's one held call must still have its mail sent
// within seconds (per-organization slots, GATEWAY_MAIL_CONCURRENCY_PER_ORG), not after A's backlog;
// the bystander keeps calling throughout, served and audited.
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningGateway } from "@/gateway/gateway";
import { WARDEN_META_KEY } from "@/gateway/enforce/verdict";
import { db } from "@/lib/db";
import { makeSetup, removeTestData } from "../fixtures";
import { connectAgent, startStandin, startTestGateway } from "../harness";
import { startBystander } from "./bystander";

const policy = { version: "1", default: "allow", tools: { set_experiment_tag: { action: "require_approval", approval: { timeout: "30m", mode: "retry" } } } };
const smtpDelayMs = 250;
const attackerAdmins = 40;
const attackerCalls = 20;

type Received = { to: string[]; text: string; at: number };

/** An SMTP server that takes `delayMs` to accept each message, keeping what it received. */
async function startSlowSmtp(delayMs: number) {
  const received: Received[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS", "AUTH"], authOptional: true, logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            const to = [parsed.to ?? []].flat().flatMap((a) => a.value.map((v) => (v.address ?? "").toLowerCase()));
            received.push({ to, text: parsed.text ?? "", at: Date.now() });
            callback();
          }, delayMs);
          timers.add(timer);
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    received,
    close: () => {
      for (const timer of timers) clearTimeout(timer);
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let standin: Awaited<ReturnType<typeof startStandin>>;
let smtp: Awaited<ReturnType<typeof startSlowSmtp>>;
let gateway: RunningGateway;
const extraUsers: string[] = [];

beforeAll(async () => {
  standin = await startStandin();
  smtp = await startSlowSmtp(smtpDelayMs);
  gateway = await startTestGateway({ smtpUrl: smtp.url, appUrl: "http://127.0.0.1:3999", webhookPollMs: 100 });
});

afterAll(async () => {
  await gateway.close();
  await smtp.close();
  await standin.close();
  await db.user.deleteMany({ where: { id: { in: extraUsers } } });
  await removeTestData();
});

/** Verified admins added to an organization (written directly: signing each up is not the subject). */
async function addAdmins(orgId: string, count: number) {
  for (let i = 0; i < count; i++) {
    const user = await db.user.create({
      data: { email: `flood-${orgId}-${i}@a.example`, name: `A admin ${i}`, passwordHash: "x", emailVerifiedAt: new Date() },
    });
    extraUsers.push(user.id);
    await db.membership.create({ data: { orgId, userId: user.id, role: "admin" } });
  }
}

async function heldCalls(setup: Awaited<ReturnType<typeof makeSetup>>, values: string[]) {
  const agent = await connectAgent(gateway.url, setup.server.id, setup.token);
  const ids: string[] = [];
  for (const value of values) {
    const result = await agent.callTool({ name: "set_experiment_tag", arguments: { experiment_id: "1", key: "stage", value } });
    ids.push((result._meta?.[WARDEN_META_KEY] as { approvalId: string }).approvalId);
  }
  await agent.close();
  return ids;
}

describe("approval mail flood", () => {
  test("B's approval mail goes out within seconds while A's backlog of hundreds waits its turn", async () => {
    const a = await makeSetup({ transport: "http", url: standin.url }, policy);
    const b = await makeSetup({ transport: "http", url: standin.url }, policy);
    const bOwner = (await db.user.findUniqueOrThrow({ where: { id: b.userId } })).email.toLowerCase();
    await addAdmins(a.orgId, attackerAdmins);
    const bystander = await startBystander(gateway.url, standin.url);
    bystander.start(20);

    await heldCalls(a, Array.from({ length: attackerCalls }, (_, i) => `flood-${i}`));
    const aMails = await db.approvalMail.count({ where: { orgId: a.orgId } });
    const [bApproval] = await heldCalls(b, ["production"]);
    const heldAt = Date.now();

    await expect.poll(() => smtp.received.some((m) => m.to.includes(bOwner) && m.text.includes(bApproval!)), { timeout: 60_000, interval: 50 }).toBe(true);
    const bMailAt = smtp.received.find((m) => m.to.includes(bOwner))!.at;
    const bMailMs = bMailAt - heldAt;
    const aSentBefore = smtp.received.filter((m) => m.at < bMailAt && !m.to.includes(bOwner)).length;
    const report = await bystander.stop();
    console.log(`A queued ${aMails} mails; B's mail was sent ${bMailMs} ms after its held call (${aSentBefore} of A's sent by then); bystander ${report.served}/${report.total} served, p50 ${report.latencyMsP50.toFixed(1)} ms, max ${report.latencyMsMax.toFixed(1)} ms`);

    expect(aMails).toBeGreaterThanOrEqual(attackerAdmins * attackerCalls / 2);
    expect(bMailMs).toBeLessThan(3_000);
    expect(report.served).toBe(report.total);
    expect(await bystander.auditedCalls(report.total, 1_000)).toBe(report.total);
    await bystander.client.close();
  });
});
