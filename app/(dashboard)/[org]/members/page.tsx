import type { Metadata } from "next";
import { requireOrgPage } from "@/lib/auth/with-org";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ org: string }> }) {
  await requireOrgPage((await params).org);
  return <PageHeader title="Members" description="Coming soon." />;
}
