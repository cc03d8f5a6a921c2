import type { Metadata } from "next";
import "@/app/control.css";
import { requireOrgPage } from "@/lib/auth/with-org";
import { hasRole } from "@/lib/auth/roles";
import { gatewayUrlFor, grantFormChoices, listGrants } from "@/lib/data/grant-views";
import { PageHeader } from "@/components/ui/page-header";
import { CreateGrantForm } from "@/components/grants/create-grant-form";
import { GrantTable } from "@/components/grants/grant-table";
import { OauthConnectPanel } from "@/components/grants/oauth-connect-panel";

export const metadata: Metadata = { title: "Grants" };

export default async function GrantsPage({ params }: { params: Promise<{ org: string }> }) {
  const ctx = await requireOrgPage((await params).org);
  const [grants, servers] = await Promise.all([listGrants(ctx.orgId), grantFormChoices(ctx.orgId)]);
  return (
    <>
      <PageHeader title="Grants" description="A grant is one agent's credential: a server, a policy and a token for the gateway." />
      <div className="stack">
        {hasRole(ctx.role, "editor") ? <CreateGrantForm slug={ctx.slug} servers={servers} /> : null}
        <GrantTable slug={ctx.slug} grants={grants.data} />
        <OauthConnectPanel servers={servers.map((server) => ({ id: server.id, name: server.name, url: gatewayUrlFor(server.id) }))} />
      </div>
    </>
  );
}
