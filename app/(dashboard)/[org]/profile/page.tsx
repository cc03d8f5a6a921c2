import type { Metadata } from "next";
import "@/app/control.css";
import { requireOrgPage } from "@/lib/auth/with-org";
import { env } from "@/lib/env";
import { getProfile } from "@/lib/data/profile";
import { PageHeader } from "@/components/ui/page-header";
import { ChangePasswordForm } from "@/components/settings/change-password-form";
import { DeleteAccount } from "@/components/settings/delete-account";
import { EmailVerification } from "@/components/settings/email-verification";
import { MailPreferences } from "@/components/settings/mail-preferences";

export const metadata: Metadata = { title: "Your profile" };

export default async function ProfilePage({ params }: { params: Promise<{ org: string }> }) {
  const ctx = await requireOrgPage((await params).org);
  const profile = await getProfile(ctx.user!.id);
  return (
    <>
      <PageHeader title="Your profile" description={`${profile.name} · ${profile.email}`} />
      <div className="stack">
        <EmailVerification verified={profile.emailVerified} localInbox={Boolean(env().WARDEN_MAIL_CATCHER_DIR)} />
        <ChangePasswordForm />
        <MailPreferences approvalMails={profile.approvalMails} />
        <DeleteAccount blockers={profile.deletionBlockers} />
      </div>
    </>
  );
}
