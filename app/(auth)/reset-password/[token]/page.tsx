import type { Metadata } from "next";
import Link from "next/link";
import { accountTokenUsable } from "@/lib/data/account-tokens";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  if (!(await accountTokenUsable(token, "reset_password"))) {
    return (
      <div className="card">
        <h1>This link no longer works</h1>
        <p>Reset links work once and for 30 minutes.</p>
        <p><Link href="/forgot-password">Ask for a new link</Link></p>
      </div>
    );
  }
  return <ResetPasswordForm token={token} />;
}
