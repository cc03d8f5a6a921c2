import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import "@/app/control.css";
import { requireOrgPage } from "@/lib/auth/with-org";
import { hasRole } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { getGrantView, secretUrlFor } from "@/lib/data/grant-views";
import { getGrantAccess } from "@/lib/data/grant-access";
import { PageHeader } from "@/components/ui/page-header";
import { GrantActions } from "@/components/grants/grant-actions";
import { GrantSnippets } from "@/components/grants/grant-snippets";
import { EditGrantForm } from "@/components/grants/edit-grant-form";
import { listPolicies } from "@/lib/data/policies";
import { TimeAgo } from "@/components/audit/time-ago";
import { GrantTools } from "@/components/grants/grant-tools";
import { RecentDecisions } from "@/components/grants/recent-decisions";

export const metadata: Metadata = { title: "Grant" };

async function loadGrant(orgId: string, id: string) {
  try {
    const now = new Date();
    const [grant, access] = await Promise.all([getGrantView(orgId, id), getGrantAccess(orgId, id, now)]);
    return { grant, access, now: now.getTime() };
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

export default async function GrantPage({ params }: { params: Promise<{ org: string; id: string }> }) {
  const { org, id } = await params;
  const ctx = await requireOrgPage(org);
  const { grant, access, now } = await loadGrant(ctx.orgId, id);
  const canEdit = hasRole(ctx.role, "editor") && grant.status !== "revoked";
  const policies = canEdit ? await listPolicies(ctx.orgId, { serverId: grant.serverId }) : [];
  return (
    <>
      <PageHeader
        title={grant.name}
        description={<>{grant.serverName} · policy {grant.policyName} · <span className={`badge grant-${grant.status}`}>{grant.status}</span></>}
        actions={hasRole(ctx.role, "editor") ? <GrantActions slug={ctx.slug} grantId={grant.id} active={grant.status === "active"} rotatable={!grant.oauthClient} /> : null}
      />
      <dl className="facts card">
        {grant.oauthClient ? (
          <div><dt>OAuth client</dt><dd>{grant.oauthClient.name} <span className="muted small">{grant.oauthClient.id}</span></dd></div>
        ) : (
          <div><dt>Token</dt><dd><code>{grant.tokenPrefix}…</code></dd></div>
        )}
        <div><dt>Created</dt><dd><TimeAgo iso={grant.createdAt} /></dd></div>
        <div><dt>Expires</dt><dd>{grant.expiresAt ? <TimeAgo iso={grant.expiresAt} /> : "never"}</dd></div>
        <div><dt>Last used</dt><dd>{grant.lastUsedAt ? <TimeAgo iso={grant.lastUsedAt} /> : "never"}</dd></div>
        <div><dt>Calls</dt><dd><Link href={`/${ctx.slug}/audit?grantId=${grant.id}`}>{grant.callCount}</Link></dd></div>
      </dl>
      {canEdit ? (
        <EditGrantForm slug={ctx.slug} policies={policies.map((p) => ({ id: p.id, name: p.name }))}
          grant={{ id: grant.id, name: grant.name, policyId: grant.policyId, expiresAt: grant.expiresAt }} />
      ) : null}
      <h2 className="section-title">What this agent can call</h2>
      <p className="muted">Policy {access.grant.policyName}, version {access.grant.policyVersion}: each tool of {access.grant.serverName} as the gateway decides it now, with the counters it charges.</p>
      <GrantTools tools={access.tools} />
      <h2 className="section-title">Last decisions</h2>
      <RecentDecisions slug={ctx.slug} grantId={grant.id} decisions={access.recentDecisions} now={now} />
      <h2 className="section-title">Connect a client</h2>
      <GrantSnippets name={grant.name} gatewayUrl={grant.gatewayUrl} secretUrl={secretUrlFor("<token>")} token="<token>" tokenKnown={false} />
    </>
  );
}
