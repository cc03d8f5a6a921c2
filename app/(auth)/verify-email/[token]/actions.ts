"use server";

import { verifyEmail } from "@/lib/data/account-recovery";

// A button, not the link itself, spends the token: mail scanners that open links do not verify.
export async function verifyEmailAction(token: unknown): Promise<{ ok: boolean }> {
  if (typeof token !== "string" || token.length > 200) return { ok: false };
  return { ok: await verifyEmail(token) };
}
