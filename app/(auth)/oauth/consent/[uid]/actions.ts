"use server";

import { cookies } from "next/headers";
import { getSessionUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { approveConsent, denyConsent } from "@/lib/oauth/consent";
import { consentBodySchema, type ConsentOutcome } from "@/lib/schemas/oauth";

// The authorization server set this cookie to the interaction's uid in the browser that started
// it: answering someone else's authorization request from another browser is refused.
async function ownInteraction(uid: string): Promise<boolean> {
  return (await cookies()).get("_interaction")?.value === uid;
}

// The browser goes on to the authorization endpoint by location, not by a redirect of this
// request: a fetch cannot follow it to the client's redirect URI on another origin.
async function answer(uid: string, decide: (userId: string) => Promise<string>): Promise<ConsentOutcome> {
  const user = await getSessionUser();
  if (!user) return { ok: false, message: "Sign in again, then retry from your MCP client" };
  if (!(await ownInteraction(uid))) return { ok: false, message: "This authorization request was started in another browser" };
  try {
    return { ok: true, redirectTo: await decide(user.id) };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, message: error.message };
    throw error;
  }
}

export async function approveConsentAction(input: unknown): Promise<ConsentOutcome> {
  const parsed = consentBodySchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: "Choose an organization and a policy" };
  return answer(parsed.data.uid, (userId) => approveConsent(parsed.data.uid, userId, parsed.data));
}

export async function denyConsentAction(uid: string): Promise<ConsentOutcome> {
  return answer(String(uid), () => denyConsent(String(uid)));
}
