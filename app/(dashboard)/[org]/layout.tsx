import type { ReactNode } from "react";
import { requireOrgPage } from "@/lib/auth/with-org";
import { listMemberships } from "@/lib/data/accounts";
import { AppShell } from "@/components/shell/app-shell";

export default async function OrgLayout({ children, params }: { children: ReactNode; params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requireOrgPage(org);
  const memberships = await listMemberships(ctx.user!.id);
  return (
    <AppShell
      org={{ slug: ctx.slug, name: ctx.orgName, role: ctx.role }}
      orgs={memberships.map((m) => ({ slug: m.slug, name: m.name }))}
      user={{ name: ctx.user!.name, email: ctx.user!.email }}
    >
      {children}
    </AppShell>
  );
}
