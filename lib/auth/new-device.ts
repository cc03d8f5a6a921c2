// "A new sign-in" notices. A device is the pair (client address, user agent), kept only as a
// sha256 in the throttle table for 30 days after its last sign-in. The first sign-in from a device
// not seen in those 30 days mails the person, unless the account has no device at all yet (its
// very first sign-in, right after sign-up, is not news).
import { sha256Hex } from "@/lib/crypto";
import { db } from "@/lib/db";
import { isRemembered, rememberKey } from "@/lib/auth/throttle";
import { notifySecurityEvent } from "@/lib/mail/security-notice";

const deviceSeconds = 30 * 24 * 60 * 60;
const devicePrefix = (userId: string) => `signin-device:${userId}:`;

export type Device = { ip: string; userAgent: string };

/** Remembers the device for 30 more days; mails the person when it is new for a known account. Returns whether a notice was sent. */
export async function noteSignInDevice(user: { id: string; email: string }, device: Device, now = new Date()): Promise<boolean> {
  const key = `${devicePrefix(user.id)}${sha256Hex(`${device.ip}\n${device.userAgent}`)}`;
  const known = await isRemembered(key, now);
  const firstEver = !known && !(await db.authThrottle.findFirst({ where: { key: { startsWith: devicePrefix(user.id) }, expiresAt: { gt: now } }, select: { key: true } }));
  await rememberKey(key, deviceSeconds, now);
  if (known || firstEver) return false;
  // Not awaited by the sign-in: a slow mail server must not slow signing in.
  void notifySecurityEvent(user.email, "new_sign_in", { ...device, at: now });
  return true;
}
