import type { Metadata } from "next";
import Link from "next/link";
import "@/app/control.css";
import { requireOrgPage } from "@/lib/auth/with-org";
import { hasRole, roles } from "@/lib/auth/roles";
import { listApiKeys } from "@/lib/data/api-keys";
import { getOrganization } from "@/lib/data/organizations";
import { PageHeader } from "@/components/ui/page-header";
import { ApiKeys } from "@/components/settings/api-keys";
import { RenameForm } from "@/components/settings/rename-form";
import { DeleteOrganization } from "@/components/settings/delete-organization";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ org: string }> }) {
  const ctx = await requireOrgPage((await params).org);
  const org = await getOrganization(ctx.orgId);
  if (!hasRole(ctx.role, "admin")) {
    return (
      <>
        <PageHeader title="Settings" description={`${org.name} · /${org.slug}`} />
        <p className="card muted">Only admins and owners change the organization&apos;s settings and API keys.</p>
      </>
    );
  }
  const keys = await listApiKeys(ctx.orgId);
  const keyRoles = [...roles].reverse().filter((r) => hasRole(ctx.role, r));
  return (
    <>
      <PageHeader
        title="Settings"
        description={`${org.name} · /${org.slug}`}
        actions={<Link href={`/${ctx.slug}/settings/notifications`} className="button small">Notifications</Link>}
      />
      <div className="stack">
        <RenameForm slug={ctx.slug} name={org.name} />
        <ApiKeys
          slug={ctx.slug}
          roles={keyRoles}
          keys={keys.map((k) => ({
            ...k, createdAt: k.createdAt.toISOString(), lastUsedAt: k.lastUsedAt?.toISOString() ?? null, revokedAt: k.revokedAt?.toISOString() ?? null,
          }))}
        />
        {ctx.role === "owner" ? <DeleteOrganization slug={ctx.slug} name={org.name} /> : null}
      </div>
    </>
  );
}
