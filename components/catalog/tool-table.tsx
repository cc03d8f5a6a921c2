import Link from "next/link";
import { oneLineReason, ruleSummary } from "@/lib/catalog/explain-tool";
import { catalogToolPath } from "@/lib/catalog/limit-intent";
import type { CatalogServerView } from "@/lib/schemas/catalog";
import { ClassBadge, RiskBadge } from "./badges";

/** Every tool of a catalogued server with its class, risk, the classifier's reason and the recommended rule. */
export function ToolTable({ server }: { server: CatalogServerView }) {
  return (
    <table aria-label={`${server.name} tools`}>
      <thead>
        <tr><th>Tool</th><th>Class</th><th>Risk</th><th>Why</th><th>Recommended</th></tr>
      </thead>
      <tbody>
        {server.tools.map((tool) => (
          <tr key={tool.name}>
            <td><Link href={catalogToolPath(server.slug, tool.name)}><code>{tool.name}</code></Link></td>
            <td><ClassBadge value={tool.class} /></td>
            <td><RiskBadge value={tool.risk} /></td>
            <td className="small">{oneLineReason(tool)}</td>
            <td className="small">{ruleSummary(tool)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
