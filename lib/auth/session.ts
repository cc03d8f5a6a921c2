// Who is signed in, for server components, server actions and route handlers.
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { authOptions } from "@/lib/auth/options";
import { safeNextPath } from "@/lib/auth/next-path";
import { db } from "@/lib/db";

export type SessionUser = { id: string; email: string; name: string };

export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions);
  return userForClaims(session?.user as SessionClaims | undefined);
}

export type SessionClaims = { id?: string; sessionVersion?: number };

/**
 * The user a session's claims stand for, or null. The JWT may outlive the user row (deleted
 * account) or its password (reset, change bumps the session version): both end the session.
 */
export async function userForClaims(claims: SessionClaims | undefined): Promise<SessionUser | null> {
  if (!claims?.id) return null;
  const user = await db.user.findUnique({ where: { id: claims.id }, select: { id: true, email: true, name: true, sessionVersion: true } });
  if (!user || user.sessionVersion !== (claims.sessionVersion ?? 0)) return null;
  return { id: user.id, email: user.email, name: user.name };
}

/** The header in which proxy.ts hands pages the path (and query) that was asked for. */
export const REQUEST_PATH_HEADER = "x-warden-path";

/**
 * For pages: the signed-in user, or a redirect to the sign-in page, which comes back to the page
 * asked for (a link from a mail lands on its approval after sign-in). The path is set by proxy.ts
 * on every request, whatever the client sent, and checked again as a same-site path.
 */
export async function requireUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (user) return user;
  const next = safeNextPath((await headers()).get(REQUEST_PATH_HEADER));
  redirect(next && next !== "/" ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in");
}
