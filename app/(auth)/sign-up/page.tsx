import type { Metadata } from "next";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { safeNextPath } from "@/lib/auth/next-path";
import { redirectIfSignedIn } from "@/lib/auth/signed-in-redirect";

export const metadata: Metadata = { title: "Create account" };

type Props = { searchParams: Promise<{ next?: string }> };

/**
 * `next`: where to go once the account exists (e.g. "Limit this tool →"), a same-site path only.
 * Someone already signed in goes there (or to their dashboard) at once.
 */
export default async function SignUpPage({ searchParams }: Props) {
  const { next } = await searchParams;
  await redirectIfSignedIn([next]);
  return <SignUpForm next={safeNextPath(next)} />;
}
