// Email verification, password reset and password change. A reset or change bumps the user's
// session version, which ends every session signed before it (lib/auth/session checks it).
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { takeAttempt, throttleRules } from "@/lib/auth/throttle";
import { sha256Hex } from "@/lib/crypto";
import { sendMail } from "@/lib/mail/send";
import { notifySecurityEvent } from "@/lib/mail/security-notice";
import { resetPasswordMail, verifyEmailMail, type SecurityEvent } from "@/lib/mail/templates";
import { consumeAccountToken, issueAccountToken, resetPasswordTtlMs, verifyEmailTtlMs } from "@/lib/data/account-tokens";

export const unverifiedMessage = "Verify your email address first: open the link we mailed you (your profile page can send it again)";

/** Mails a fresh verification link (earlier links stop working). */
export async function sendVerificationMail(userId: string): Promise<void> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  if (user.emailVerifiedAt) return;
  const token = await issueAccountToken(userId, "verify_email", verifyEmailTtlMs);
  await sendMail(user.email, verifyEmailMail({ name: user.name, url: `${env().APP_URL}/verify-email/${token}`, hours: verifyEmailTtlMs / 3600_000 }));
}

/** Spends a verification link; false when it is unknown, used or expired. */
export async function verifyEmail(token: string): Promise<boolean> {
  const userId = await consumeAccountToken(token, "verify_email");
  if (!userId) return false;
  await db.user.updateMany({ where: { id: userId, emailVerifiedAt: null }, data: { emailVerifiedAt: new Date() } });
  return true;
}

/** Refuses an action that needs a verified address (inviting people, creating API keys). */
export async function assertEmailVerified(userId: string): Promise<void> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { emailVerifiedAt: true } });
  if (!user?.emailVerifiedAt) throw new AppError({ code: "forbidden", message: unverifiedMessage });
}

/**
 * Mails a reset link when the address has an account, and does nothing visible otherwise: the
 * caller answers the same either way, so the form cannot tell who has an account.
 */
export async function requestPasswordReset(email: string): Promise<void> {
  // Taken for every address, known or not, so the work done does not tell either; the key is a hash.
  const perAddress = await takeAttempt(`reset-email:${sha256Hex(email.toLowerCase())}`, throttleRules.resetEmail);
  if (!perAddress.ok) return;
  const user = await db.user.findUnique({ where: { email } });
  if (!user) return;
  const token = await issueAccountToken(user.id, "reset_password", resetPasswordTtlMs);
  await sendMail(user.email, resetPasswordMail({ url: `${env().APP_URL}/reset-password/${token}`, minutes: resetPasswordTtlMs / 60_000 }));
}

const spentLink = () => new AppError({ code: "not_found", message: "This reset link is unknown, already used or expired. Ask for a new one." });

/** Sets the new password and ends every session. Opening the link proved the address, too. */
export async function resetPassword(token: string, password: string): Promise<{ email: string }> {
  const userId = await consumeAccountToken(token, "reset_password");
  if (!userId) throw spentLink();
  const passwordHash = await hashPassword(password);
  const before = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { emailVerifiedAt: true } });
  const user = await db.user.update({
    where: { id: userId },
    data: { passwordHash, sessionVersion: { increment: 1 }, emailVerifiedAt: before.emailVerifiedAt ?? new Date() },
  });
  await notify(user.email, "password_reset");
  return { email: user.email };
}

/** Needs the current password; ends every session, this one included (the person signs in again). */
export async function changePassword(userId: string, current: string, password: string): Promise<void> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  if (!(await verifyPassword(user.passwordHash, current))) {
    throw new AppError({ code: "forbidden", message: "The current password is wrong", fields: { current: "The current password is wrong" } });
  }
  await db.user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(password), sessionVersion: { increment: 1 } } });
  await notify(user.email, "password_changed");
}

export async function notify(email: string, event: SecurityEvent): Promise<void> {
  await notifySecurityEvent(email, event);
}
