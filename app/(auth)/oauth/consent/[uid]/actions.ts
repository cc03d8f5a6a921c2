"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/auth/session";
import { notFound } from "@/lib/errors";
import { approveConsent, denyConsent } from "@/lib/oauth/consent";
import { consentBodySchema } from "@/lib/schemas/oauth";

// The authorization server set this cookie to the interaction's uid in the browser that started
// it: answering someone else's authorization request from another browser is refused.
async function assertOwnInteraction(uid: string): Promise<void> {
  if ((await cookies()).get("_interaction")?.value !== uid) throw notFound("This authorization request was started in another browser");
}

export async function approveConsentAction(form: FormData): Promise<void> {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  const body = consentBodySchema.parse(Object.fromEntries(form));
  await assertOwnInteraction(body.uid);
  redirect(await approveConsent(body.uid, user.id, body));
}

export async function denyConsentAction(form: FormData): Promise<void> {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  const uid = String(form.get("uid") ?? "");
  await assertOwnInteraction(uid);
  redirect(await denyConsent(uid));
}
