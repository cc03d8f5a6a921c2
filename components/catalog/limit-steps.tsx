import Link from "next/link";
import { ruleSummary } from "@/lib/catalog/explain-tool";
import { builderPath, catalogToolPath, orgLimitPath } from "@/lib/catalog/limit-intent";
import type { CatalogServerView, CatalogToolView } from "@/lib/schemas/catalog";
import { PolicyJson } from "./policy-json";

type Props = {
  slug: string;
  catalog: { server: CatalogServerView; tool: CatalogToolView };
  /** The organization's servers, and whether each lists the tool. */
  servers: { id: string; name: string; listsTool: boolean }[];
  canEdit: boolean;
  canRegister: boolean;
  demoUrl: string | null;
};

/** "Limit this tool →" inside an organization: pick or register the server, then build and grant. */
export function LimitSteps({ slug, catalog, servers, canEdit, canRegister, demoUrl }: Props) {
  const { server, tool } = catalog;
  const usable = servers.filter((s) => s.listsTool);
  const others = servers.filter((s) => !s.listsTool);
  const registerHref = `/${slug}/servers/new?next=${encodeURIComponent(orgLimitPath(slug, server.slug, tool.name))}`;
  return (
    <div className="catalog-stack">
      <section className="card">
        <p>
          The catalog&apos;s recommended rule for <Link href={catalogToolPath(server.slug, tool.name)}><code>{tool.name}</code></Link>: {ruleSummary(tool)},
          every other tool denied. It becomes the draft of a new policy for the server you pick; nothing is saved until you create the policy.
        </p>
        <PolicyJson document={tool.recommended} label={`Copy the recommended policy.json for ${tool.name}`} />
      </section>
      <section className="card" aria-labelledby="pick-heading">
        <h2 id="pick-heading">1. Pick the {server.name}</h2>
        {!canEdit ? <p>Only editors, admins and owners create policies. Ask one of them to follow this link.</p> : null}
        {canEdit && usable.length > 0 ? (
          <ul className="tool-list">
            {usable.map((s) => <li key={s.id}><Link className="button" href={builderPath(slug, s.id, server.slug, tool.name)}>Use {s.name} →</Link></li>)}
          </ul>
        ) : null}
        {canEdit && usable.length === 0 ? <p>None of your servers lists <code>{tool.name}</code> yet.</p> : null}
        {others.length > 0 ? <p className="muted small">Not listing <code>{tool.name}</code>: {others.map((s) => s.name).join(", ")}.</p> : null}
        {canRegister ? (
          <p>
            <Link href={registerHref}>Register the {server.name}</Link>
            {demoUrl ? <span className="muted small"> (trying Warden out? pick &ldquo;Use the demo MLflow server&rdquo; there)</span> : null}
          </p>
        ) : <p className="muted small">Admins and owners register servers.</p>}
      </section>
      <section className="card">
        <h2>2. Create the policy</h2>
        <p className="muted">The builder opens with the rule in its draft. Adjust it if you like, simulate a call, then create the policy.</p>
        <h2>3. Create a grant</h2>
        <p className="muted">On <Link href={`/${slug}/grants`}>Grants</Link>, create one for the server and the new policy, and paste its gateway URL into your MCP client.</p>
      </section>
    </div>
  );
}
