"use server";

import { requestPasswordReset } from "@/lib/data/account-recovery";
import { fieldErrors } from "@/lib/schemas/account";
import { forgotPasswordBodySchema } from "@/lib/schemas/account-lifecycle";

export type ForgotPasswordResult = { ok: true } | { ok: false; fields: Record<string, string> };

/**
 * The same answer, in about the same time, whether or not the address has an account: the token
 * and the mail are made after the answer is sent, so neither the words nor the delay tell.
 */
export async function forgotPasswordAction(input: unknown): Promise<ForgotPasswordResult> {
  const parsed = forgotPasswordBodySchema.safeParse(input);
  if (!parsed.success) return { ok: false, fields: fieldErrors(parsed.error) };
  void requestPasswordReset(parsed.data.email).catch((error: unknown) => console.error("[mail] password reset request failed", error));
  return { ok: true };
}
