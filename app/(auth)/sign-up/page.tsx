import type { Metadata } from "next";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { safeNextPath } from "@/lib/auth/next-path";

export const metadata: Metadata = { title: "Create account" };

type Props = { searchParams: Promise<{ next?: string }> };

/** `next`: where to go once the account exists (e.g. "Limit this tool →"), a same-site path only. */
export default async function SignUpPage({ searchParams }: Props) {
  return <SignUpForm next={safeNextPath((await searchParams).next)} />;
}
