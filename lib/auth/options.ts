// next-auth: email + password (argon2id) with JWT sessions; no adapter needed.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { authorizeSignIn } from "@/lib/auth/authorize";
import { clientIp, userAgentOf } from "@/lib/auth/client-ip";

export const authOptions: NextAuthOptions = {
  secret: process.env.AUTH_SECRET,
  session: { strategy: "jwt", maxAge: 7 * 24 * 60 * 60 },
  pages: { signIn: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      authorize: (credentials, req) => authorizeSignIn(credentials, clientIp(req?.headers), userAgentOf(req?.headers)),
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
