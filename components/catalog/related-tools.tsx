import Link from "next/link";
import { catalogToolPath } from "@/lib/catalog/limit-intent";
import type { CatalogToolView } from "@/lib/schemas/catalog";
import { ClassBadge, RiskBadge } from "./badges";

function ToolLinks({ serverSlug, tools }: { serverSlug: string; tools: CatalogToolView[] }) {
  return (
    <ul className="tool-list">
      {tools.map((t) => (
        <li key={t.name}>
          <Link href={catalogToolPath(serverSlug, t.name)}><code>{t.name}</code></Link> <ClassBadge value={t.class} /> <RiskBadge value={t.risk} />
        </li>
      ))}
    </ul>
  );
}

/** Tools on the same resource and tools of the same class, so a policy can treat them alike. */
export function RelatedTools({ serverSlug, tool, sameResource, sameClass }: { serverSlug: string; tool: CatalogToolView; sameResource: CatalogToolView[]; sameClass: CatalogToolView[] }) {
  return (
    <section aria-labelledby="related-heading">
      <h2 id="related-heading">Related tools</h2>
      <div className="related-grid">
        <div>
          <h3>{`Also on ${tool.resource}s`}</h3>
          {sameResource.length > 0 ? <ToolLinks serverSlug={serverSlug} tools={sameResource} /> : <p className="muted small">No other tool acts on {tool.resource}s.</p>}
        </div>
        <div>
          <h3>{`Other ${tool.class} tools`}</h3>
          {sameClass.length > 0 ? <ToolLinks serverSlug={serverSlug} tools={sameClass} /> : <p className="muted small">No other {tool.class} tool.</p>}
        </div>
      </div>
    </section>
  );
}
