import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireOrgPage } from "@/lib/auth/with-org";
import { hasRole } from "@/lib/auth/roles";
import { findCatalogTool } from "@/lib/catalog/servers";
import { listServers, listTools } from "@/lib/data/servers";
import { env } from "@/lib/env";
import { PageHeader } from "@/components/ui/page-header";
import { LimitSteps } from "@/components/catalog/limit-steps";
import "@/app/public.css";

export const metadata: Metadata = { title: "Limit a tool" };

type Props = { params: Promise<{ org: string; server: string; tool: string }> };

export default async function OrgLimitToolPage({ params }: Props) {
  const { org, server, tool } = await params;
  const ctx = await requireOrgPage(org);
  const catalog = findCatalogTool(server, tool);
  if (!catalog) notFound();
  const servers = await listServers(ctx.orgId);
  const listed = await Promise.all(servers.map((s) => listTools(ctx.orgId, s.id)));
  const choices = servers.map((s, i) => ({
    id: s.id,
    name: s.name,
    listsTool: listed[i]!.some((t) => t.name === catalog.tool.name && t.status === "active"),
  }));
  return (
    <>
      <PageHeader title={`Limit ${catalog.tool.name}`} description={`From the public catalog: the ${catalog.server.name}.`} />
      <LimitSteps slug={ctx.slug} catalog={catalog} servers={choices} canEdit={hasRole(ctx.role, "editor")} canRegister={hasRole(ctx.role, "admin")}
        demoUrl={env().WARDEN_DEMO_SERVER_URL ?? null} />
    </>
  );
}
