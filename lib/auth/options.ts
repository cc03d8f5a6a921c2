// next-auth: email + password (argon2id) with JWT sessions; no adapter needed.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "@/lib/db";
import { dummyPasswordHash, verifyPassword } from "@/lib/auth/password";
import { clearSignInFailures, recordSignInFailure, signInBlockedUntil } from "@/lib/auth/sign-in-throttle";
import { signInBodySchema } from "@/lib/schemas/account";

export const invalidCredentialsMessage = "Wrong email or password";

async function authorize(raw: Record<string, string> | undefined) {
  const parsed = signInBodySchema.safeParse(raw ?? {});
  if (!parsed.success) throw new Error(invalidCredentialsMessage);
  const { email, password } = parsed.data;
  const blockedUntil = await signInBlockedUntil(email);
  if (blockedUntil) {
    const minutes = Math.max(1, Math.ceil((blockedUntil.getTime() - Date.now()) / 60_000));
    throw new Error(`Too many failed sign-ins for this email. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`);
  }
  const user = await db.user.findUnique({ where: { email } });
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  if (!user || !valid) {
    await recordSignInFailure(email);
    throw new Error(invalidCredentialsMessage);
  }
  await clearSignInFailures(email);
  return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
}

export const authOptions: NextAuthOptions = {
  secret: process.env.AUTH_SECRET,
  session: { strategy: "jwt", maxAge: 7 * 24 * 60 * 60 },
  pages: { signIn: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      authorize: (credentials) => authorize(credentials),
    }),
  ],
  callbacks: {
    // The session version at sign-in travels in the JWT; a reset or change bumps the user's, which
    // ends every session signed before it (lib/auth/session compares them on each request).
    jwt: ({ token, user }) => {
      if (user) {
        token.sub = user.id;
        token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
      }
      return token;
    },
    session: ({ session, token }) => {
      if (session.user && token.sub) {
        Object.assign(session.user, { id: token.sub, sessionVersion: typeof token.sv === "number" ? token.sv : 0 });
      }
      return session;
    },
  },
};
