// Progressive-delay throttles for sign-in, sign-up and password-reset requests.
//
// An attempt is TAKEN before any work (password check, account creation, mail) with one atomic
// statement, so parallel requests cannot all slip past a read-then-write check: the row lock of
// INSERT … ON CONFLICT DO UPDATE serialises them, and its WHERE refuses every attempt that arrives
// while the key is delayed. The first `freeAttempts` attempts pass at once; after that, each
// attempt delays the next one by 2, 4, 8 … seconds (capped). Delays, not a lockout: a key opens
// again on its own, and a key is forgotten `forgetAfterSeconds` after its last admitted attempt.
import { db } from "@/lib/db";
import { env } from "@/lib/env";

export type ThrottleRule = {
  /** Attempts admitted back to back before delays start. */
  freeAttempts: number;
  /** Longest delay between two attempts once delays have started. */
  maxDelaySeconds: number;
  /** A key with no admitted attempt for this long starts over. */
  forgetAfterSeconds: number;
};

export type ThrottleOutcome = { ok: true; attempts: number } | { ok: false; retryAfterSeconds: number };

export const throttleRules = {
  /** Per account, from any address it has not signed in from before. */
  signInAccount: { freeAttempts: 5, maxDelaySeconds: 15 * 60, forgetAfterSeconds: 60 * 60 },
  /** Per client address, whatever accounts it tries. */
  signInIp: { freeAttempts: 20, maxDelaySeconds: 15 * 60, forgetAfterSeconds: 60 * 60 },
  /** Password-reset requests per client address. */
  resetIp: { freeAttempts: 5, maxDelaySeconds: 60 * 60, forgetAfterSeconds: 24 * 60 * 60 },
  /** Reset mails per email address, from any client address (no mail-bombing a person); refused silently. */
  resetEmail: { freeAttempts: 3, maxDelaySeconds: 60 * 60, forgetAfterSeconds: 24 * 60 * 60 },
  /** OAuth dynamic client registrations per client address: each stores a client row. */
  oauthRegistrationIp: { freeAttempts: 20, maxDelaySeconds: 60 * 60, forgetAfterSeconds: 24 * 60 * 60 },
} satisfies Record<string, ThrottleRule>;

/** New accounts per client address (WARDEN_SIGNUPS_PER_IP free, then delays). */
export const signUpIpRule = (): ThrottleRule => ({ freeAttempts: env().WARDEN_SIGNUPS_PER_IP, maxDelaySeconds: 60 * 60, forgetAfterSeconds: 24 * 60 * 60 });

/**
 * OAuth authorization requests per client address (WARDEN_OAUTH_AUTHORIZATIONS_PER_IP free): each
 * stores an interaction before anyone signs in. Delays stop at a minute and the key is forgotten
 * after ten quiet minutes, so an office behind one address is slowed briefly, not locked out.
 */
export const oauthAuthorizationIpRule = (): ThrottleRule => ({ freeAttempts: env().WARDEN_OAUTH_AUTHORIZATIONS_PER_IP, maxDelaySeconds: 60, forgetAfterSeconds: 10 * 60 });

/** Seconds the attempt numbered `attempts` makes the next one wait: 0 while free, then 2, 4, 8 … */
export function delayAfterSeconds(attempts: number, rule: ThrottleRule): number {
  if (attempts < rule.freeAttempts) return 0;
  const exponent = Math.min(attempts - rule.freeAttempts + 1, 30);
  return Math.min(2 ** exponent, rule.maxDelaySeconds);
}

type Row = { attempts: number };

/** Takes one attempt for `key`, or says how long to wait. Never blocks; never throws for a refusal. */
export async function takeAttempt(key: string, rule: ThrottleRule, now = new Date()): Promise<ThrottleOutcome> {
  const forgetAt = new Date(now.getTime() + rule.forgetAfterSeconds * 1000);
  // The delay depends on the new attempt count, so it is computed in SQL from the same row.
  const rows = await db.$queryRaw<Row[]>`
    INSERT INTO auth_throttles (key, attempts, "blockedUntil", "expiresAt")
    VALUES (${key}, 1, ${blockedUntil(1, rule, now)}, ${forgetAt})
    ON CONFLICT (key) DO UPDATE SET
      attempts = CASE WHEN auth_throttles."expiresAt" <= ${now} THEN 1 ELSE auth_throttles.attempts + 1 END,
      -- NULL while attempts are free: "now" comes from each caller, and a parallel caller whose
      -- clock read was a moment earlier must not find the key blocked until this caller's now.
      "blockedUntil" = CASE WHEN (CASE WHEN auth_throttles."expiresAt" <= ${now} THEN 1 ELSE auth_throttles.attempts + 1 END) < ${rule.freeAttempts}
        THEN NULL
        ELSE ${now}::timestamp + make_interval(secs => LEAST(
          power(2, LEAST((CASE WHEN auth_throttles."expiresAt" <= ${now} THEN 1 ELSE auth_throttles.attempts + 1 END) - ${rule.freeAttempts} + 1, 30)),
          ${rule.maxDelaySeconds}))
        END,
      "expiresAt" = ${forgetAt}
    WHERE auth_throttles."blockedUntil" IS NULL OR auth_throttles."blockedUntil" <= ${now}
       OR auth_throttles."expiresAt" <= ${now}
    RETURNING attempts`;
  const admitted = rows[0];
  if (admitted) return { ok: true, attempts: admitted.attempts };
  return { ok: false, retryAfterSeconds: await secondsUntilOpen(key, now) };
}

function blockedUntil(attempts: number, rule: ThrottleRule, now: Date): Date | null {
  const delay = delayAfterSeconds(attempts, rule);
  return delay === 0 ? null : new Date(now.getTime() + delay * 1000);
}

async function secondsUntilOpen(key: string, now: Date): Promise<number> {
  const row = await db.authThrottle.findUnique({ where: { key }, select: { blockedUntil: true } });
  const until = row?.blockedUntil?.getTime() ?? now.getTime();
  return Math.max(1, Math.ceil((until - now.getTime()) / 1000));
}

/** Forgets a key, e.g. an account's failures after it signs in. */
export async function clearAttempts(key: string): Promise<void> {
  await db.authThrottle.deleteMany({ where: { key } });
}

/** Marks a key without taking an attempt, for `forgetAfterSeconds` (e.g. an address an account signed in from). */
export async function rememberKey(key: string, seconds: number, now = new Date()): Promise<void> {
  const expiresAt = new Date(now.getTime() + seconds * 1000);
  await db.authThrottle.upsert({
    where: { key },
    create: { key, attempts: 0, expiresAt },
    update: { expiresAt },
  });
}

export async function isRemembered(key: string, now = new Date()): Promise<boolean> {
  const row = await db.authThrottle.findUnique({ where: { key }, select: { expiresAt: true } });
  return row !== null && row.expiresAt > now;
}

export function retryMessage(what: string, seconds: number): string {
  return `Too many ${what}. Try again in ${seconds} s.`;
}

/** Gives back an attempt that turned out fine (a correct password), so honest traffic from a shared address does not pile up delays. */
export async function refundAttempt(key: string): Promise<void> {
  await db.$executeRaw`UPDATE auth_throttles SET attempts = GREATEST(attempts - 1, 0) WHERE key = ${key}`;
}
