import Link from "next/link";
import { catalogedLine } from "@/components/catalog/catalog-stats";
import { ClassBadge, RiskBadge } from "@/components/catalog/badges";
import { catalogToolPath } from "@/lib/catalog/limit-intent";
import { ruleSummary } from "@/lib/catalog/explain-tool";
import type { CatalogServerView } from "@/lib/schemas/catalog";

const STEPS = [
  {
    title: "Register your MCP server",
    text: "Give Warden the server's URL (or its command). It connects, lists every tool, and classifies each one as read, write or delete, with a low, medium or high risk and the reasons why.",
  },
  {
    title: "Add a policy",
    text: "Start from the recommended policy and adjust it in the builder: allow, hide or refuse tools, rate-limit them per agent, hold risky calls for a person's approval, and try it in the simulator before saving.",
  },
  {
    title: "Point your client",
    text: "Create a grant and paste its gateway URL into Claude, Cursor, VS Code or any MCP client. From then on every call goes through Warden: decided by your policy, counted, and written to a tamper-evident audit log.",
  },
];

/** The front page for visitors who are not signed in. */
export function LandingPage({ servers }: { servers: CatalogServerView[] }) {
  const featured = servers[0];
  const examples = featured ? ["set_experiment_tag", "set_model_alias", "delete_experiment"].flatMap((name) => featured.tools.filter((t) => t.name === name)) : [];
  return (
    <>
      <section className="hero">
        <h1>Decide what your AI agents may do with their tools</h1>
        <p className="lead">
          Warden sits between AI agents and the MCP servers they call. Each call is checked against your policy before it reaches
          the server: allowed, rate-limited, held for a person to approve, or refused, and every decision is recorded.
        </p>
        <p className="hero-actions">
          <Link href="/sign-up" className="button cta">Create an account</Link>
          <Link href="/catalog" className="button">Browse the tool catalog</Link>
        </p>
      </section>

      <section aria-labelledby="how-heading">
        <h2 id="how-heading">Three steps</h2>
        <ol className="landing-steps">
          {STEPS.map((step) => (
            <li key={step.title} className="card">
              <h3>{step.title}</h3>
              <p>{step.text}</p>
            </li>
          ))}
        </ol>
      </section>

      {featured ? (
        <section aria-labelledby="catalog-heading" className="card">
          <h2 id="catalog-heading">Know the risk before you connect</h2>
          <p>
            {catalogedLine(featured)}. Each has a page with what it does, why it is classified as it is, and the rule we
            recommend for it, ready to copy or to carry into your own policy.
          </p>
          <ul className="tool-list">
            {examples.map((tool) => (
              <li key={tool.name}>
                <Link href={catalogToolPath(featured.slug, tool.name)}><code>{tool.name}</code></Link> <ClassBadge value={tool.class} />{" "}
                <RiskBadge value={tool.risk} /> <span className="muted small">recommended: {ruleSummary(tool)}</span>
              </li>
            ))}
          </ul>
          <p><Link href={`/catalog/${featured.slug}`}>All {featured.tools.length} tools of the {featured.name} →</Link></p>
        </section>
      ) : null}
    </>
  );
}
