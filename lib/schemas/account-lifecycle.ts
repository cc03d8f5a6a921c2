// Password reset and change, email verification, deleting an organization or an account.
import { z } from "zod";
import { emailSchema, passwordSchema } from "@/lib/schemas/account";

export const forgotPasswordBodySchema = z.object({ email: emailSchema });

export const resetPasswordBodySchema = z
  .object({ token: z.string().min(1).max(200), password: passwordSchema, confirm: z.string() })
  .refine((body) => body.password === body.confirm, { message: "The two passwords differ", path: ["confirm"] });

export const changePasswordBodySchema = z
  .object({ current: z.string().min(1, { message: "Enter your current password" }), password: passwordSchema, confirm: z.string() })
  .refine((body) => body.password === body.confirm, { message: "The two passwords differ", path: ["confirm"] });

export const deleteOrganizationBodySchema = z.object({ confirmName: z.string().trim().min(1, { message: "Type the organization's name" }) });

export const deleteAccountBodySchema = z.object({ password: z.string().min(1, { message: "Enter your password" }) });

export const mailPreferencesBodySchema = z.object({ approvalMails: z.boolean() });

/** Why an account cannot be deleted yet: the organizations it alone owns that others still use. */
export type AccountDeletionBlocker = { slug: string; name: string; members: number };

export type ProfileView = { name: string; email: string; emailVerified: boolean; approvalMails: boolean; deletionBlockers: AccountDeletionBlocker[] };

/** A mail the local catcher received, as /dev/mail shows it. */
export type InboxMessageView = { id: string; to: string; subject: string; text: string; html: string; receivedAt: string };
