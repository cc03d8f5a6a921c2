import Link from "next/link";
import type { InventoryTool } from "@/lib/schemas/agent-access";
import { ClassBadge, RiskBadge } from "@/components/catalog/badges";
import { AccessBadge } from "@/components/grants/access-badge";

/** Every tool of every server, riskiest first on each server, with the grants that can call it. */
export function InventoryTable({ slug, tools }: { slug: string; tools: InventoryTool[] }) {
  if (tools.length === 0) return <p className="card muted">No tools yet. <Link href={`/${slug}/servers`}>Register a server</Link> to list its tools.</p>;
  return (
    <div className="table-scroll">
      <table aria-label="Tool inventory">
        <thead>
          <tr><th>Server</th><th>Tool</th><th>Class · risk</th><th>Grants that can call it</th></tr>
        </thead>
        <tbody>
          {tools.map((tool) => (
            <tr key={`${tool.serverId}/${tool.name}`} aria-label={`${tool.serverName} ${tool.name}`}>
              <td><Link href={`/${slug}/servers/${tool.serverId}`}>{tool.serverName}</Link></td>
              <td><code>{tool.name}</code>{tool.status === "quarantined" ? <> <span className="badge quarantined">quarantined</span></> : null}</td>
              <td><ClassBadge value={tool.class} /> <RiskBadge value={tool.risk} /></td>
              <td>
                {tool.grants.length === 0 ? <span className="muted">none</span> : tool.grants.map((g, i) => (
                  <span key={g.id}>{i > 0 ? ", " : null}<Link href={`/${slug}/grants/${g.id}`}>{g.name}</Link> <AccessBadge access={g.access} /></span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
