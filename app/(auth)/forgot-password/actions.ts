"use server";

import { requestClientIp } from "@/lib/auth/client-ip";
import { retryMessage, takeAttempt, throttleRules } from "@/lib/auth/throttle";
import { requestPasswordReset } from "@/lib/data/account-recovery";
import { fieldErrors } from "@/lib/schemas/account";
import { forgotPasswordBodySchema } from "@/lib/schemas/account-lifecycle";

export type ForgotPasswordResult = { ok: true } | { ok: false; fields: Record<string, string> };

/**
 * The same answer, in about the same time, whether or not the address has an account: the token
 * and the mail are made after the answer is sent, so neither the words nor the delay tell. Requests
 * are throttled per client address before anything else (the answer depends only on the address),
 * and mails per email address silently (lib/data/account-recovery.ts).
 */
export async function forgotPasswordAction(input: unknown): Promise<ForgotPasswordResult> {
  const parsed = forgotPasswordBodySchema.safeParse(input);
  if (!parsed.success) return { ok: false, fields: fieldErrors(parsed.error) };
  const attempt = await takeAttempt(`reset-ip:${await requestClientIp()}`, throttleRules.resetIp);
  if (!attempt.ok) return { ok: false, fields: { email: retryMessage("password-reset requests from this address", attempt.retryAfterSeconds) } };
  void requestPasswordReset(parsed.data.email).catch((error: unknown) => console.error("[mail] password reset request failed", error));
  return { ok: true };
}
