import type { Metadata } from "next";
import { requireOrgPage } from "@/lib/auth/with-org";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Policies" };

export default async function PoliciesPage({ params }: { params: Promise<{ org: string }> }) {
  await requireOrgPage((await params).org);
  return <PageHeader title="Policies" description="Coming soon." />;
}
