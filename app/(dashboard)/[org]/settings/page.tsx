import type { Metadata } from "next";
import { requireOrgPage } from "@/lib/auth/with-org";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ org: string }> }) {
  await requireOrgPage((await params).org);
  return <PageHeader title="Settings" description="Coming soon." />;
}
