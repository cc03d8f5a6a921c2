import type { Metadata } from "next";
import { VerifyEmailButton } from "@/components/auth/verify-email-button";

export const metadata: Metadata = { title: "Verify your email address", referrer: "no-referrer" };

export default async function VerifyEmailPage({ params }: { params: Promise<{ token: string }> }) {
  return <VerifyEmailButton token={(await params).token} />;
}
