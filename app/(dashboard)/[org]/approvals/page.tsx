import type { Metadata } from "next";
import Link from "next/link";
import "@/app/control.css";
import { requireOrgPage } from "@/lib/auth/with-org";
import { hasRole } from "@/lib/auth/roles";
import { listApprovals } from "@/lib/data/approvals";
import { PageHeader } from "@/components/ui/page-header";
import { ApprovalsInbox } from "@/components/approvals/approvals-inbox";
import { ApprovalHistory } from "@/components/approvals/approval-history";

export const metadata: Metadata = { title: "Approvals" };

type Props = { params: Promise<{ org: string }>; searchParams: Promise<{ tab?: string }> };

export default async function ApprovalsPage({ params, searchParams }: Props) {
  const ctx = await requireOrgPage((await params).org);
  const tab = (await searchParams).tab === "history" ? "history" : "pending";
  const list = await listApprovals(ctx.orgId, { status: tab === "history" ? "decided" : "pending", limit: 100 });
  return (
    <>
      <PageHeader title="Approvals" description="Calls held by a require_approval rule wait here for a person's decision." />
      <nav className="tabs" aria-label="Approvals">
        <Link href={`/${ctx.slug}/approvals`} className={tab === "pending" ? "tab active" : "tab"} aria-current={tab === "pending" ? "page" : undefined}>
          Pending
        </Link>
        <Link href={`/${ctx.slug}/approvals?tab=history`} className={tab === "history" ? "tab active" : "tab"} aria-current={tab === "history" ? "page" : undefined}>
          History
        </Link>
      </nav>
      {tab === "pending" ? (
        <ApprovalsInbox slug={ctx.slug} initial={list.data} canDecide={hasRole(ctx.role, "editor")} />
      ) : (
        <ApprovalHistory approvals={list.data} />
      )}
    </>
  );
}
