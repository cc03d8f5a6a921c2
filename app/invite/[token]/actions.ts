"use server";

import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { acceptInvitation } from "@/lib/data/invitations";

/** Spends the link for the signed-in person and opens the organization. */
export async function acceptInvitationAction(token: string): Promise<{ error: string }> {
  const user = await getSessionUser();
  if (!user) return { error: "Sign in first" };
  let slug: string;
  try {
    slug = (await acceptInvitation(token, user.id)).orgSlug;
  } catch (error) {
    if (error instanceof AppError) return { error: error.message };
    throw error;
  }
  redirect(`/${slug}`);
}
