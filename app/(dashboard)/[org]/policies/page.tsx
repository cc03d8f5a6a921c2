import type { Metadata } from "next";
import Link from "next/link";
import { requireOrgPage } from "@/lib/auth/with-org";
import { hasRole } from "@/lib/auth/roles";
import { listPolicies } from "@/lib/data/policies";
import { listServers } from "@/lib/data/servers";
import { PageHeader } from "@/components/ui/page-header";
import "@/app/builder.css";

export const metadata: Metadata = { title: "Policies" };

export default async function PoliciesPage({ params }: { params: Promise<{ org: string }> }) {
  const ctx = await requireOrgPage((await params).org);
  const [policies, servers] = await Promise.all([listPolicies(ctx.orgId), listServers(ctx.orgId)]);
  const canEdit = hasRole(ctx.role, "editor");
  return (
    <>
      <PageHeader
        title="Policies"
        description="Per tool: allow, deny, hide, rate-limit or hold for a person's approval. Every save is a new version."
        actions={canEdit && servers.length > 0 ? <Link className="button" href={`/${ctx.slug}/policies/new`}>New policy</Link> : null}
      />
      {servers.length === 0 ? (
        <p className="card">
          A policy belongs to a server. <Link href={`/${ctx.slug}/servers`}>Register a server</Link> first.
        </p>
      ) : policies.length === 0 ? (
        <p className="card muted">No policy yet.{canEdit ? " Create one: start from the recommendation, read-only, deny all, or paste JSON." : ""}</p>
      ) : (
        <table>
          <thead>
            <tr><th>Policy</th><th>Server</th><th>Version</th><th>Last saved</th></tr>
          </thead>
          <tbody>
            {policies.map((p) => (
              <tr key={p.id}>
                <td><Link href={`/${ctx.slug}/policies/${p.id}`}>{p.name}</Link></td>
                <td>{p.serverName}</td>
                <td>{p.currentVersion}</td>
                <td><time dateTime={p.updatedAt.toISOString()}>{p.updatedAt.toLocaleString("en")}</time></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
