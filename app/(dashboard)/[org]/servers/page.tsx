import type { Metadata } from "next";
import { requireOrgPage } from "@/lib/auth/with-org";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Servers" };

export default async function ServersPage({ params }: { params: Promise<{ org: string }> }) {
  await requireOrgPage((await params).org);
  return <PageHeader title="Servers" description="Coming soon." />;
}
