import type { Metadata } from "next";
import Link from "next/link";
import { requireOrgPage } from "@/lib/auth/with-org";
import { hasRole } from "@/lib/auth/roles";
import { listServers } from "@/lib/data/servers";
import { PageHeader } from "@/components/ui/page-header";
import "@/app/builder.css";

export const metadata: Metadata = { title: "Servers" };

export default async function ServersPage({ params }: { params: Promise<{ org: string }> }) {
  const ctx = await requireOrgPage((await params).org);
  const servers = await listServers(ctx.orgId);
  const canManage = hasRole(ctx.role, "admin");
  return (
    <>
      <PageHeader
        title="Servers"
        description="The MCP servers your agents reach through Warden, and the tools each one offers."
        actions={canManage ? <Link className="button" href={`/${ctx.slug}/servers/new`}>Register a server</Link> : null}
      />
      {servers.length === 0 ? (
        <div className="card">
          <p>No server yet.{canManage ? " Register one: the MLflow MCP server, or any server that speaks MCP over HTTP." : " An admin registers servers."}</p>
          {canManage ? <Link className="button" href={`/${ctx.slug}/servers/new`}>Register a server</Link> : null}
        </div>
      ) : (
        <table>
          <thead>
            <tr><th>Server</th><th>Transport</th><th>Status</th><th>Tools</th><th>Last synced</th></tr>
          </thead>
          <tbody>
            {servers.map((s) => (
              <tr key={s.id}>
                <td><Link href={`/${ctx.slug}/servers/${s.id}`}>{s.name}</Link></td>
                <td>{s.transport === "http" ? "HTTP" : "stdio"}</td>
                <td>
                  <span className={`badge ${s.status}`}>{s.status}</span>
                  {s.quarantinedCount > 0 ? <> <span className="badge quarantined">{s.quarantinedCount} to review</span></> : null}
                </td>
                <td>{s.toolCount}</td>
                <td>{s.lastSyncedAt ? <time dateTime={s.lastSyncedAt.toISOString()}>{s.lastSyncedAt.toLocaleString("en")}</time> : "never"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
