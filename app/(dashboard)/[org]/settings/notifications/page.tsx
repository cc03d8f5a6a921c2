import type { Metadata } from "next";
import Link from "next/link";
import "@/app/control.css";
import { requireOrgPage } from "@/lib/auth/with-org";
import { hasRole } from "@/lib/auth/roles";
import { listWebhooks } from "@/lib/data/webhooks";
import { PageHeader } from "@/components/ui/page-header";
import { Notifications } from "@/components/settings/notifications";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage({ params }: { params: Promise<{ org: string }> }) {
  const ctx = await requireOrgPage((await params).org);
  const back = <Link href={`/${ctx.slug}/settings`} className="button small">Settings</Link>;
  if (!hasRole(ctx.role, "admin")) {
    return (
      <>
        <PageHeader title="Notifications" actions={back} />
        <p className="card muted">Only admins and owners manage the organization&apos;s webhooks.</p>
      </>
    );
  }
  return (
    <>
      <PageHeader title="Notifications" description="Webhooks for calls that wait for approval, and their decisions" actions={back} />
      <Notifications slug={ctx.slug} webhooks={await listWebhooks(ctx.orgId)} />
    </>
  );
}
