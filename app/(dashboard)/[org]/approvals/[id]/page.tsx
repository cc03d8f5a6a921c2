import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import "@/app/control.css";
import { requireOrgPage } from "@/lib/auth/with-org";
import { hasRole } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { getApprovalContext } from "@/lib/data/approval-context";
import { PageHeader } from "@/components/ui/page-header";
import { ApprovalDetail } from "@/components/approvals/approval-detail";

export const metadata: Metadata = { title: "Approval" };

async function load(orgId: string, id: string) {
  try {
    return await getApprovalContext(orgId, id);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

// The page an agent's "approval required" answer links to (APP_URL/<org>/approvals/<id>).
export default async function ApprovalPage({ params }: { params: Promise<{ org: string; id: string }> }) {
  const { org, id } = await params;
  const ctx = await requireOrgPage(org);
  const context = await load(ctx.orgId, id);
  const { approval } = context;
  return (
    <>
      <PageHeader
        title={`${approval.toolName} by ${approval.grantName}`}
        description={<><Link href={`/${ctx.slug}/approvals`}>Approvals</Link> · {context.serverName} · <span className={`badge approval-${approval.status}`}>{approval.status}</span></>}
      />
      <ApprovalDetail slug={ctx.slug} context={context} canDecide={hasRole(ctx.role, "editor")} />
    </>
  );
}
