// Repeated failed sign-ins for one email are refused for the rest of a 15-minute window.
// Kept in the shared counters table, so every app instance sees the same count.
import { db } from "@/lib/db";

export const signInWindowSeconds = 15 * 60;
export const maxSignInFailures = 5;

const counterKey = (email: string) => `signin-failures:${email}`;

function windowStart(now: Date): Date {
  const windowMs = signInWindowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / windowMs) * windowMs);
}

/** When sign-in is refused for this email, the time it opens again; otherwise null. */
export async function signInBlockedUntil(email: string, now = new Date()): Promise<Date | null> {
  const start = windowStart(now);
  const row = await db.counter.findUnique({ where: { key_windowStart: { key: counterKey(email), windowStart: start } } });
  if (!row || row.count < maxSignInFailures) return null;
  return new Date(start.getTime() + signInWindowSeconds * 1000);
}

export async function recordSignInFailure(email: string, now = new Date()): Promise<void> {
  const start = windowStart(now);
  const expires = new Date(start.getTime() + signInWindowSeconds * 1000);
  await db.$executeRaw`
    INSERT INTO counters (key, "windowStart", count, "expiresAt")
    VALUES (${counterKey(email)}, ${start}, 1, ${expires})
    ON CONFLICT (key, "windowStart") DO UPDATE SET count = counters.count + 1`;
}

export async function clearSignInFailures(email: string): Promise<void> {
  await db.counter.deleteMany({ where: { key: counterKey(email) } });
}
