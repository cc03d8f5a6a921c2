import type { Metadata } from "next";
import { requireOrgPage } from "@/lib/auth/with-org";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage({ params }: { params: Promise<{ org: string }> }) {
  await requireOrgPage((await params).org);
  return <PageHeader title="Approvals" description="Coming soon." />;
}
