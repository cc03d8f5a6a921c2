"use server";

import { resetPassword } from "@/lib/data/account-recovery";
import { AppError } from "@/lib/errors";
import { fieldErrors } from "@/lib/schemas/account";
import { resetPasswordBodySchema } from "@/lib/schemas/account-lifecycle";

export type ResetPasswordResult = { ok: true; email: string } | { ok: false; fields: Record<string, string> };

export async function resetPasswordAction(input: unknown): Promise<ResetPasswordResult> {
  const parsed = resetPasswordBodySchema.safeParse(input);
  if (!parsed.success) return { ok: false, fields: fieldErrors(parsed.error) };
  try {
    return { ok: true, ...(await resetPassword(parsed.data.token, parsed.data.password)) };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, fields: { form: error.message } };
    throw error;
  }
}
