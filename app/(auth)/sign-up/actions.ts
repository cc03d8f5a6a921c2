"use server";

import { requestClientIp } from "@/lib/auth/client-ip";
import { retryMessage, signUpIpRule, takeAttempt } from "@/lib/auth/throttle";
import { createAccount } from "@/lib/data/accounts";
import { sendVerificationMail } from "@/lib/data/account-recovery";
import { AppError } from "@/lib/errors";
import { fieldErrors, signUpBodySchema } from "@/lib/schemas/account";

export type SignUpResult = { ok: true; orgSlug: string } | { ok: false; fields: Record<string, string> };

export async function signUpAction(input: unknown): Promise<SignUpResult> {
  const parsed = signUpBodySchema.safeParse(input);
  if (!parsed.success) return { ok: false, fields: fieldErrors(parsed.error) };
  // Taken after validation (a typo costs nothing) and before the account exists.
  const attempt = await takeAttempt(`signup-ip:${await requestClientIp()}`, signUpIpRule());
  if (!attempt.ok) return { ok: false, fields: { email: retryMessage("new accounts from this address", attempt.retryAfterSeconds) } };
  try {
    const { orgSlug, userId } = await createAccount(parsed.data);
    // The account works at once; inviting and API keys wait for the link in this mail.
    await sendVerificationMail(userId);
    return { ok: true, orgSlug };
  } catch (error) {
    if (error instanceof AppError && error.fields) return { ok: false, fields: error.fields };
    throw error;
  }
}
