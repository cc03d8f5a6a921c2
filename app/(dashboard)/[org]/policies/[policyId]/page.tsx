import type { Metadata } from "next";
import Link from "next/link";
import { requireOrgPage } from "@/lib/auth/with-org";
import { hasRole } from "@/lib/auth/roles";
import { getPolicy, listPolicyGrants, listPolicyVersions } from "@/lib/data/policies";
import { listTools } from "@/lib/data/servers";
import { PageHeader } from "@/components/ui/page-header";
import { PolicyEditor } from "@/components/policies/policy-editor";
import { VersionHistory } from "@/components/policies/version-history";
import { DeletePolicyButton } from "@/components/policies/delete-policy-button";
import { builderTools } from "@/components/policies/builder-tools";
import type { Draft } from "@/components/policies/draft-model";
import { orNotFound } from "../../servers/or-not-found";
import "@/app/builder.css";

export const metadata: Metadata = { title: "Policy" };

type Props = { params: Promise<{ org: string; policyId: string }>; searchParams: Promise<{ saved?: string }> };

export default async function PolicyPage({ params, searchParams }: Props) {
  const { org, policyId } = await params;
  const ctx = await requireOrgPage(org);
  const policy = await orNotFound(getPolicy(ctx.orgId, policyId));
  const [tools, versions, grants] = await Promise.all([
    listTools(ctx.orgId, policy.serverId),
    listPolicyVersions(ctx.orgId, policy.id),
    listPolicyGrants(ctx.orgId, policy.id),
  ]);
  const canEdit = hasRole(ctx.role, "editor");
  const saved = Number((await searchParams).saved);
  const current = versions.find((v) => v.version === policy.currentVersion);
  return (
    <>
      <PageHeader
        title={policy.name}
        description={
          <>
            Server <Link href={`/${ctx.slug}/servers/${policy.serverId}`}>{policy.serverName}</Link> · version {policy.currentVersion}
            {current ? <>, saved by {current.author} on <time dateTime={current.createdAt.toISOString()}>{current.createdAt.toLocaleString("en")}</time></> : null}
          </>
        }
        actions={canEdit ? <DeletePolicyButton slug={ctx.slug} policyId={policy.id} name={policy.name} /> : null}
      />
      {saved === policy.currentVersion ? <p className="notice" role="status">Saved version {saved}. Gateways use it from their next call.</p> : null}
      <PolicyEditor key={`editor-${policy.currentVersion}`} slug={ctx.slug} server={{ id: policy.serverId, name: policy.serverName }} tools={builderTools(tools)}
        grants={grants} canEdit={canEdit} policy={{ id: policy.id, name: policy.name, version: policy.currentVersion, document: policy.document as Draft }} />
      <VersionHistory key={`history-${policy.currentVersion}`} slug={ctx.slug} policyId={policy.id} currentVersion={policy.currentVersion} canEdit={canEdit}
        versions={versions.map((v) => ({ version: v.version, author: v.author, note: v.note, createdAt: v.createdAt.toISOString(), document: v.document }))} />
    </>
  );
}
