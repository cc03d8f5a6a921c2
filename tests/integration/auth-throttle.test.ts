// Sign-in and sign-up throttles against parallel guesses, with real argon2 and real PostgreSQL.
// The spy only counts calls (it calls through): how many passwords were actually evaluated.
import argon2 from "argon2";
import { afterEach, describe, expect, test, vi } from "vitest";
import { authorizeSignIn, invalidCredentialsMessage } from "@/lib/auth/authorize";
import { clearAttempts, signUpIpRule, takeAttempt, throttleRules, type ThrottleRule } from "@/lib/auth/throttle";
import { db } from "@/lib/db";
import { makeAccount } from "../helpers/factories";

afterEach(() => vi.restoreAllMocks());

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => "signed in",
    (error: Error) => error.message,
  );

function countVerifications() {
  return vi.spyOn(argon2, "verify");
}

describe("sign-in under parallel guesses", () => {
  test(`50 parallel wrong guesses from one address: at most ${throttleRules.signInAccount.freeAttempts} passwords evaluated`, async () => {
    const { email } = await makeAccount("guess1");
    const verify = countVerifications();
    const results = await Promise.all(Array.from({ length: 50 }, () => outcome(authorizeSignIn({ email, password: "wrong-guess" }, "198.51.100.1"))));
    expect(verify.mock.calls.length).toBeLessThanOrEqual(throttleRules.signInAccount.freeAttempts);
    expect(results.filter((r) => r === invalidCredentialsMessage)).toHaveLength(verify.mock.calls.length);
    const refused = results.filter((r) => r !== invalidCredentialsMessage);
    expect(refused.length).toBeGreaterThanOrEqual(50 - throttleRules.signInAccount.freeAttempts);
    for (const message of refused) expect(message).toMatch(/^Too many .+\. Try again in \d+ s\.$/);
  });

  test("50 parallel wrong guesses from 50 addresses: the account's counter still holds", async () => {
    const { email } = await makeAccount("guess2");
    const verify = countVerifications();
    await Promise.all(Array.from({ length: 50 }, (_, i) => outcome(authorizeSignIn({ email, password: "wrong-guess" }, `203.0.113.${i + 1}`))));
    expect(verify.mock.calls.length).toBeLessThanOrEqual(throttleRules.signInAccount.freeAttempts);
  });

  test("the owner still signs in from an address they used before, while guesses from elsewhere are delayed", async () => {
    const { email, password, userId } = await makeAccount("victim");
    const home = "192.0.2.10";
    expect((await authorizeSignIn({ email, password }, home)).id).toBe(userId);
    await Promise.all(Array.from({ length: 20 }, (_, i) => outcome(authorizeSignIn({ email, password: "attacker" }, `198.18.0.${i + 1}`))));
    // As if the guessing went on for an hour: the account's delay is at its cap (argon2 on this
    // machine is slow enough that the first short delays may already have run out).
    await db.authThrottle.update({ where: { key: `signin-account:${email}` }, data: { blockedUntil: new Date(Date.now() + 15 * 60_000) } });
    // From elsewhere, even the right password waits: the account's counter is delayed.
    expect(await outcome(authorizeSignIn({ email, password }, "198.18.1.1"))).toMatch(/Try again in \d+ s/);
    // From home, the right password works at once.
    expect((await authorizeSignIn({ email, password }, home)).id).toBe(userId);
  });

  test("an unknown email costs the same evaluation and the same message", async () => {
    const verify = countVerifications();
    expect(await outcome(authorizeSignIn({ email: "nobody-here@example.com", password: "whatever" }, "192.0.2.77"))).toBe(invalidCredentialsMessage);
    expect(verify).toHaveBeenCalledTimes(1);
  });
});

describe("takeAttempt", () => {
  const rule: ThrottleRule = { freeAttempts: 3, maxDelaySeconds: 60, forgetAfterSeconds: 600 };

  test("free attempts, then 2^k-second delays; a refused attempt does not lengthen the delay", async () => {
    const key = `test:${Math.random()}`;
    const t0 = new Date("2026-03-01T10:00:00Z");
    const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
    for (let i = 1; i <= 3; i++) expect(await takeAttempt(key, rule, t0)).toEqual({ ok: true, attempts: i });
    expect(await takeAttempt(key, rule, at(1))).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(await takeAttempt(key, rule, at(1))).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(await takeAttempt(key, rule, at(2))).toEqual({ ok: true, attempts: 4 });
    expect(await takeAttempt(key, rule, at(3))).toEqual({ ok: false, retryAfterSeconds: 3 });
    expect(await takeAttempt(key, rule, at(6))).toEqual({ ok: true, attempts: 5 });
    // Forgotten after a quiet period: free again.
    expect(await takeAttempt(key, rule, at(6 + 601))).toEqual({ ok: true, attempts: 1 });
    await clearAttempts(key);
  });

  test("50 parallel takes on one key admit exactly the free attempts", async () => {
    const key = `test:${Math.random()}`;
    const results = await Promise.all(Array.from({ length: 50 }, () => takeAttempt(key, rule)));
    expect(results.filter((r) => r.ok)).toHaveLength(rule.freeAttempts);
    expect(await db.authThrottle.findUniqueOrThrow({ where: { key } })).toMatchObject({ attempts: rule.freeAttempts });
  });
});

describe("sign-up per address", () => {
  test(`refuses new accounts from one address after ${signUpIpRule().freeAttempts}, with the wait at the email field`, async () => {
    const { signUpAction } = await import("@/app/(auth)/sign-up/actions");
    // Outside a request the action counts under "local": fill that key up to its free attempts.
    await clearAttempts("signup-ip:local");
    for (let i = 0; i < signUpIpRule().freeAttempts; i++) expect((await takeAttempt("signup-ip:local", signUpIpRule())).ok).toBe(true);
    const users = await db.user.count();
    const result = await signUpAction({ name: "Late", email: "late-signup@example.com", password: "a-long-password", organization: "Late Inc" });
    expect(result).toEqual({ ok: false, fields: { email: expect.stringMatching(/Try again in \d+ s/) } });
    expect(await db.user.count()).toBe(users);
    await clearAttempts("signup-ip:local");
  });
});
