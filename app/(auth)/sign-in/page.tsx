import type { Metadata } from "next";
import { SignInForm } from "@/components/auth/sign-in-form";
import { safeNextPath } from "@/lib/auth/next-path";
import { redirectIfSignedIn } from "@/lib/auth/signed-in-redirect";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<{ callbackUrl?: string; next?: string }> };

export default async function SignInPage({ searchParams }: Props) {
  const { callbackUrl, next } = await searchParams;
  await redirectIfSignedIn([next, callbackUrl]);
  // Only same-site paths: an open redirect after sign-in would be a phishing aid.
  return <SignInForm next={safeNextPath(next) ?? safeNextPath(callbackUrl) ?? "/"} />;
}
