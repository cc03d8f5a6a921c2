"use server";

// The signed-in person's own account. Nothing here is an organization's: the org in the URL only
// places the page in the shell, so these act on the session's user and nothing else.
import { getSessionUser } from "@/lib/auth/session";
import { changePassword, sendVerificationMail } from "@/lib/data/account-recovery";
import { deleteAccount } from "@/lib/data/account-deletion";
import { setApprovalMails } from "@/lib/data/profile";
import { AppError } from "@/lib/errors";
import { fieldErrors } from "@/lib/schemas/account";
import { changePasswordBodySchema, deleteAccountBodySchema, mailPreferencesBodySchema } from "@/lib/schemas/account-lifecycle";
import type { ActionResult } from "@/lib/auth/with-org";

function userAction<I, O>(fn: (userId: string, input: I) => Promise<O>) {
  return async (input: I): Promise<ActionResult<O>> => {
    try {
      const user = await getSessionUser();
      if (!user) throw new AppError({ code: "unauthorized", message: "Sign in first" });
      return { ok: true, data: await fn(user.id, input) };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: { code: error.code, message: error.message, fields: error.fields } };
      throw error;
    }
  };
}

const invalid = (error: import("zod").ZodError) => new AppError({ code: "unprocessable", message: "Check the fields", fields: fieldErrors(error) });

/** Ends every session, this one included: the form signs out and asks for the new password. */
export const changePasswordAction = userAction(async (userId, input: unknown) => {
  const parsed = changePasswordBodySchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  await changePassword(userId, parsed.data.current, parsed.data.password);
});

export const resendVerificationAction = userAction(async (userId) => {
  await sendVerificationMail(userId);
});

export const setMailPreferencesAction = userAction(async (userId, input: unknown) => {
  const parsed = mailPreferencesBodySchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  await setApprovalMails(userId, parsed.data.approvalMails);
});

export const deleteAccountAction = userAction(async (userId, input: unknown) => {
  const parsed = deleteAccountBodySchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  await deleteAccount(userId, parsed.data.password);
});
