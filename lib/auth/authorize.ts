// Email + password sign-in behind the throttles. Attempts are taken BEFORE the password is
// checked, per client address and per account, so 50 parallel guesses cost at most the free
// attempts' worth of argon2 work. Trade-off against locking a victim out: an account's own counter
// applies only to addresses it has not signed in from in the last 30 days; from an address it has
// used, the account is throttled by a counter of that account AND that address. An attacker
// elsewhere therefore delays only guesses from elsewhere; the owner, from their usual address,
// signs in normally. An attacker sharing the owner's address (same NAT) can still delay them.
import { db } from "@/lib/db";
import { dummyPasswordHash, verifyPassword } from "@/lib/auth/password";
import { clearAttempts, isRemembered, refundAttempt, rememberKey, retryMessage, takeAttempt, throttleRules } from "@/lib/auth/throttle";
import { noteSignInDevice } from "@/lib/auth/new-device";
import { signInBodySchema } from "@/lib/schemas/account";

export const invalidCredentialsMessage = "Wrong email or password";
const knownAddressSeconds = 30 * 24 * 60 * 60;

export type SignedInUser = { id: string; email: string; name: string | null; sessionVersion: number };

const knownKey = (email: string, ip: string) => `signin-known:${email}:${ip}`;

/** Throws an Error whose message the sign-in form shows; returns the user on success. */
export async function authorizeSignIn(raw: unknown, ip: string, userAgent = ""): Promise<SignedInUser> {
  const parsed = signInBodySchema.safeParse(raw ?? {});
  if (!parsed.success) throw new Error(invalidCredentialsMessage);
  const { email, password } = parsed.data;
  const ipKey = `signin-ip:${ip}`;
  const byIp = await takeAttempt(ipKey, throttleRules.signInIp);
  if (!byIp.ok) throw new Error(retryMessage("sign-in attempts from this address", byIp.retryAfterSeconds));
  const accountKey = (await isRemembered(knownKey(email, ip))) ? `signin-account:${email}:${ip}` : `signin-account:${email}`;
  const byAccount = await takeAttempt(accountKey, throttleRules.signInAccount);
  if (!byAccount.ok) throw new Error(retryMessage("failed sign-ins for this email", byAccount.retryAfterSeconds));
  const user = await db.user.findUnique({ where: { email } });
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  if (!user || !valid) throw new Error(invalidCredentialsMessage);
  await clearAttempts(accountKey);
  await refundAttempt(ipKey);
  await rememberKey(knownKey(email, ip), knownAddressSeconds);
  await noteSignInDevice(user, { ip, userAgent });
  return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
}
