// The dashboard a signed-in person lands on, and the sign-in and sign-up pages sending them there.
import { redirect } from "next/navigation";
import { onwardNextPath } from "@/lib/auth/next-path";
import { getSessionUser } from "@/lib/auth/session";
import { listMemberships } from "@/lib/data/accounts";

/** The first organization's dashboard; someone who belongs to none (left, or was removed) starts one. */
export async function dashboardPath(userId: string): Promise<string> {
  const [first] = await listMemberships(userId);
  return first ? `/${first.slug}` : "/new-organization";
}

/**
 * For the sign-in and sign-up pages: a signed-in person has nothing to do there, so they go on to
 * the safe `next` they were given (the first of `candidates` that is one), else to their dashboard.
 */
export async function redirectIfSignedIn(candidates: unknown[]): Promise<void> {
  const user = await getSessionUser();
  if (!user) return;
  redirect(onwardNextPath(candidates) ?? (await dashboardPath(user.id)));
}
