// Password-reset requests and sign-ups are throttled per client address, taken atomically before
// any work, so 50 parallel requests admit only the free attempts; the answers do not depend on
// whether the email has an account. Reset mails are also capped per email address, silently.
import { randomBytes } from "node:crypto";
import { describe, expect, test, vi } from "vitest";
import { forgotPasswordAction } from "@/app/(auth)/forgot-password/actions";
import { signUpAction } from "@/app/(auth)/sign-up/actions";
import { signUpIpRule, throttleRules } from "@/lib/auth/throttle";
import { db } from "@/lib/db";
import { makeAccount, uniqueEmail } from "../helpers/factories";
import { useMailCatcher } from "../helpers/mail";

// The client address the actions count, set per batch below (next/headers has no request here).
const client = vi.hoisted(() => ({ ip: "192.0.2.1" }));
vi.mock("@/lib/auth/client-ip", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/client-ip")>()),
  requestClientIp: async () => client.ip,
}));

const { catcher } = useMailCatcher();
/** A client address no earlier run used (the throttle table outlives a run). */
const freshIp = () => `2001:db8::${randomBytes(4).toString("hex").replace(/(....)(....)/, "$1:$2")}`;
const settle = () => new Promise((resolve) => setTimeout(resolve, 1_500));
/** An answer without its number of seconds, to compare answers. */
const shape = (answer: unknown) => JSON.stringify(answer).replace(/\d+ s/g, "N s");

/**
 * Delays, not a lockout: after the free attempts the key opens again after 2 s, then 4 s, ... so a
 * batch that took `elapsedMs` on a loaded machine may rightly have had a few more admitted.
 */
function mostAdmitted(free: number, elapsedMs: number): number {
  let extra = 0;
  let waited = 0;
  while (waited + 2 ** (extra + 1) <= elapsedMs / 1000) waited += 2 ** ++extra;
  return free + extra;
}

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; elapsedMs: number }> {
  const started = Date.now();
  const result = await run();
  return { result, elapsedMs: Date.now() - started };
}

describe("password-reset requests", () => {
  test("50 parallel requests from one address: only the free ones are admitted, the same whether or not the email has an account", async () => {
    const person = await makeAccount("reset-flood");
    const started = Date.now();
    client.ip = freshIp();
    const known = await timed(() => Promise.all(Array.from({ length: 50 }, () => forgotPasswordAction({ email: person.email }))));
    client.ip = freshIp();
    const unknown = await timed(() => Promise.all(Array.from({ length: 50 }, () => forgotPasswordAction({ email: uniqueEmail("nobody") }))));

    const free = throttleRules.resetIp.freeAttempts;
    for (const { result, elapsedMs } of [known, unknown]) {
      const admitted = result.filter((a) => a.ok).length;
      expect(admitted).toBeGreaterThanOrEqual(free);
      expect(admitted).toBeLessThanOrEqual(mostAdmitted(free, elapsedMs));
      for (const refused of result.filter((a) => !a.ok)) expect(refused).toEqual({ ok: false, fields: { email: expect.stringMatching(/^Too many password-reset requests from this address\. Try again in \d+ s\.$/) } });
    }
    // The same two answers, known address or not.
    expect(new Set(known.result.map(shape))).toEqual(new Set(unknown.result.map(shape)));

    // Five or so were admitted for the known address; it gets at most the per-email cap of mails.
    await catcher().waitFor(person.email, (m) => m.subject.includes("Reset"));
    await settle();
    const mails = catcher().messages().filter((m) => m.to.includes(person.email)).length;
    expect(mails).toBeGreaterThanOrEqual(1);
    expect(mails).toBeLessThanOrEqual(mostAdmitted(throttleRules.resetEmail.freeAttempts, Date.now() - started));
  });
});

describe("sign-ups", () => {
  test("50 parallel sign-ups from one address create at most the free number of accounts", async () => {
    client.ip = freshIp();
    const emails = Array.from({ length: 50 }, (_, i) => uniqueEmail(`flood${i}`));
    const { result: answers, elapsedMs } = await timed(() => Promise.all(emails.map((email, i) =>
      signUpAction({ name: `Flood ${i}`, email, password: "a-long-password", organization: `Flood ${i}` }))));
    const free = signUpIpRule().freeAttempts;
    const admitted = answers.filter((a) => a.ok).length;
    expect(admitted).toBeGreaterThanOrEqual(free);
    expect(admitted).toBeLessThanOrEqual(mostAdmitted(free, elapsedMs));
    expect(await db.user.count({ where: { email: { in: emails } } })).toBe(admitted);
    for (const refused of answers.filter((a) => !a.ok)) expect(refused).toEqual({ ok: false, fields: { email: expect.stringMatching(/^Too many new accounts from this address\. Try again in \d+ s\.$/) } });
  });

  test("the throttle answers before the email is looked at: an existing email is refused the same way once the address is throttled", async () => {
    const person = await makeAccount("signup-existing");
    client.ip = freshIp();
    const { result: answers, elapsedMs } = await timed(() => Promise.all(Array.from({ length: 50 }, () =>
      signUpAction({ name: "Again", email: person.email, password: "a-long-password", organization: "Again" }))));
    const throttled = answers.filter((a) => !a.ok && /Too many/.test(a.fields.email ?? "")).length;
    expect(throttled).toBeLessThanOrEqual(50 - signUpIpRule().freeAttempts);
    expect(throttled).toBeGreaterThanOrEqual(50 - mostAdmitted(signUpIpRule().freeAttempts, elapsedMs));
  });
});
