// Who is signed in, for server components, server actions and route handlers.
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { authOptions } from "@/lib/auth/options";
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

/** For pages: the signed-in user, or a redirect to the sign-in page. */
export async function requireUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  return user;
}
