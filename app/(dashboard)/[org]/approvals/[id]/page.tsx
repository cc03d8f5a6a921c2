import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import "@/app/control.css";
import { requireOrgPage } from "@/lib/auth/with-org";
import { hasRole } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { getApprovalContext } from "@/lib/data/approval-context";
import { verifyApprovalLink, type LinkCheck } from "@/lib/approvals/signed-link";
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

type Props = { params: Promise<{ org: string; id: string }>; searchParams: Promise<{ exp?: string | string[]; sig?: string | string[] }> };

const LINK_PROBLEMS: Record<Exclude<LinkCheck, { valid: true }>["code"], string | null> = {
  MISSING: null,
  MALFORMED: "This link's signature is malformed: it was not written by Warden.",
  MISMATCH: "This link's signature does not match this approval: it was not written by Warden for it.",
  EXPIRED: "This link has expired.",
};

/** What a signed link (from a mail or a webhook) says about itself; nothing for a plain link. */
function LinkNote({ check }: { check: LinkCheck }) {
  if (check.valid) return <p className="muted small" role="note">Opened from a link Warden signed for this approval (valid until {check.expiresAt.toUTCString()}).</p>;
  const problem = LINK_PROBLEMS[check.code];
  return problem ? <p className="form-error" role="alert">{problem} What this page shows comes from Warden itself.</p> : null;
}

// The page an agent's "approval required" answer, a mail or a webhook links to
// (APP_URL/<org>/approvals/<id>, signed with ?exp=&sig= in mails and webhooks). Viewing and
// deciding need a signed-in member: a signed link only proves where it came from.
export default async function ApprovalPage({ params, searchParams }: Props) {
  const { org, id } = await params;
  const ctx = await requireOrgPage(org);
  const context = await load(ctx.orgId, id);
  const { exp, sig } = await searchParams;
  const check = verifyApprovalLink(id, exp, sig);
  const { approval } = context;
  return (
    <>
      <PageHeader
        title={`${approval.toolName} by ${approval.grantName}`}
        description={<><Link href={`/${ctx.slug}/approvals`}>Approvals</Link> · {context.serverName} · <span className={`badge approval-${approval.status}`}>{approval.status}</span></>}
      />
      <LinkNote check={check} />
      <ApprovalDetail slug={ctx.slug} context={context} canDecide={hasRole(ctx.role, "editor")} />
    </>
  );
}
