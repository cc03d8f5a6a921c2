// Stands in for lib/auth/session in server-action tests: `vi.mock("@/lib/auth/session", () =>
// import("./servers-fake-session"))`; set `session.user` to act as someone.
import type { SessionUser } from "@/lib/auth/session";

export const session: { user: SessionUser | null } = { user: null };

export async function getSessionUser(): Promise<SessionUser | null> {
  return session.user;
}

export async function requireUser(): Promise<SessionUser> {
  if (!session.user) throw new Error("not signed in");
  return session.user;
}
