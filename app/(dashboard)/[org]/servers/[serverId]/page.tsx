import type { Metadata } from "next";
import Link from "next/link";
import { requireOrgPage } from "@/lib/auth/with-org";
import { hasRole } from "@/lib/auth/roles";
import { listPolicies } from "@/lib/data/policies";
import { getServer, listTools, type ToolView } from "@/lib/data/servers";
import { keptBlockedAt } from "@/lib/data/tool-review";
import { PageHeader } from "@/components/ui/page-header";
import { builderTools } from "@/components/policies/builder-tools";
import { CatalogTable } from "@/components/servers/catalog-table";
import { QuarantineReview, type QuarantinedTool } from "@/components/servers/quarantine-review";
import { SecretsPanel } from "@/components/servers/secrets-panel";
import { ServerControls } from "@/components/servers/server-controls";
import { EditServerForm } from "@/components/servers/edit-server-form";
import { orNotFound } from "../or-not-found";
import "@/app/builder.css";

export const metadata: Metadata = { title: "Server" };

type Props = { params: Promise<{ org: string; serverId: string }>; searchParams: Promise<{ imported?: string }> };

function quarantined(tools: ToolView[], kept: Map<string, Date>): QuarantinedTool[] {
  return tools.flatMap((t) =>
    t.status === "quarantined" && t.drift
      ? [{
          name: t.name,
          old: { description: t.description, inputSchema: t.inputSchema, annotations: t.annotations },
          proposed: { description: t.drift.description, inputSchema: t.drift.inputSchema, annotations: t.drift.annotations },
          detectedAt: t.drift.detectedAt.toISOString(),
          keptBlockedAt: kept.get(t.name)?.toISOString() ?? null,
        }]
      : [],
  );
}

export default async function ServerPage({ params, searchParams }: Props) {
  const { org, serverId } = await params;
  const ctx = await requireOrgPage(org);
  const server = await orNotFound(getServer(ctx.orgId, serverId));
  const [tools, kept, policies] = await Promise.all([
    listTools(ctx.orgId, server.id),
    keptBlockedAt(ctx.orgId, server.id),
    listPolicies(ctx.orgId, { serverId: server.id }),
  ]);
  const canManage = hasRole(ctx.role, "admin");
  const imported = (await searchParams).imported;
  const review = quarantined(tools, kept);
  return (
    <>
      <PageHeader
        title={server.name}
        description={
          <span className="status-line">
            <span className={`badge ${server.status}`}>{server.status}</span>
            <span>{tools.length} tools</span>
            <span>Last synced {server.lastSyncedAt ? <time dateTime={server.lastSyncedAt.toISOString()}>{server.lastSyncedAt.toLocaleString("en")}</time> : "never"}</span>
          </span>
        }
        actions={canManage ? <ServerControls slug={ctx.slug} serverId={server.id} name={server.name} /> : null}
      />
      {imported !== undefined ? <p className="notice" role="status">Connected and imported {imported} tools.</p> : null}
      {server.status === "error" ? <p className="form-error" role="alert">The last sync failed: {server.statusMessage}</p> : null}
      <section className="card" aria-labelledby="connection-title">
        <h2 id="connection-title">Connection</h2>
        {server.transport === "http" ? (
          <p>HTTP <code>{server.url}</code></p>
        ) : (
          <p>stdio <code>{[server.command, ...server.args].join(" ")}</code> <span className="muted small">(runs on the gateway host)</span></p>
        )}
        <SecretsPanel slug={ctx.slug} serverId={server.id} names={server.secretNames} kind={server.transport === "http" ? "header" : "variable"} canManage={canManage} />
        <h3>Policies</h3>
        {policies.length === 0 ? <p className="muted small">No policy yet: agents get no tools from this server until a grant with a policy exists.</p> : (
          <ul>{policies.map((p) => <li key={p.id}><Link href={`/${ctx.slug}/policies/${p.id}`}>{p.name}</Link> <span className="muted small">version {p.currentVersion}</span></li>)}</ul>
        )}
        {hasRole(ctx.role, "editor") ? <p><Link className="button" href={`/${ctx.slug}/policies/new?server=${server.id}`}>Build a policy for this server</Link></p> : null}
      </section>
      {canManage ? <EditServerForm slug={ctx.slug} server={server} /> : null}
      {/* Always mounted: after the last decision the list empties, and the outcome must stay on screen. */}
      <QuarantineReview slug={ctx.slug} serverId={server.id} tools={review} canManage={canManage} />
      <h2 className="catalog-title">Tools</h2>
      <CatalogTable tools={builderTools(tools)} />
    </>
  );
}
