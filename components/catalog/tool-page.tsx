import Link from "next/link";
import { CLASS_LABEL, RISK_LABEL, ruleSummary } from "@/lib/catalog/explain-tool";
import { limitStartPath } from "@/lib/catalog/limit-intent";
import type { CatalogServerView, CatalogToolExplanation, CatalogToolView } from "@/lib/schemas/catalog";
import { ClassBadge, RiskBadge } from "./badges";
import { PolicyJson } from "./policy-json";
import { RelatedTools } from "./related-tools";

type Props = {
  server: CatalogServerView;
  tool: CatalogToolView;
  explanation: CatalogToolExplanation;
  related: { sameResource: CatalogToolView[]; sameClass: CatalogToolView[] };
};

function LimitLink({ server, tool }: { server: CatalogServerView; tool: CatalogToolView }) {
  return <Link href={limitStartPath(server.slug, tool.name)} className="button cta">Limit this tool →</Link>;
}

function WhatItDoes({ tool }: { tool: CatalogToolView }) {
  return (
    <section aria-labelledby="does-heading">
      <h2 id="does-heading">What it does</h2>
      <p>{tool.description}</p>
      {tool.params.length > 0 ? (
        <table aria-label="Arguments">
          <thead><tr><th>Argument</th><th>Type</th><th>Required</th><th>Meaning</th></tr></thead>
          <tbody>
            {tool.params.map((p) => (
              <tr key={p.name}><td><code>{p.name}</code></td><td><code>{p.type}</code></td><td>{p.required ? "yes" : "no"}</td><td className="small">{p.description}</td></tr>
            ))}
          </tbody>
        </table>
      ) : <p className="muted small">It takes no arguments.</p>}
      {tool.hints.length > 0 ? <p className="muted small">The server's annotations: {tool.hints.map((h) => <code key={h}>{h} </code>)}</p> : null}
    </section>
  );
}

function Classification({ tool, explanation }: { tool: CatalogToolView; explanation: CatalogToolExplanation }) {
  return (
    <section aria-labelledby="class-heading" className="classification">
      <h2 id="class-heading">Class and risk</h2>
      <div className="related-grid">
        <div className="card">
          <h3>Class: {CLASS_LABEL[tool.class]}</h3>
          <p>{explanation.classText}</p>
          <ul aria-label="Why this class">{tool.classReasons.map((r) => <li key={r}>{r}</li>)}</ul>
        </div>
        <div className="card">
          <h3>Risk: {RISK_LABEL[tool.risk]}</h3>
          <p>{explanation.riskText}</p>
          <ul aria-label="Why this risk">{tool.riskReasons.map((r) => <li key={r}>{r}</li>)}</ul>
        </div>
      </div>
    </section>
  );
}

function Faq({ explanation, tool }: { explanation: CatalogToolExplanation; tool: CatalogToolView }) {
  return (
    <section aria-labelledby="faq-heading">
      <h2 id="faq-heading">Questions</h2>
      {explanation.faq.map((entry, i) => (
        <div key={entry.question} className="faq-entry">
          <h3>{entry.question}</h3>
          <p>{entry.answer}</p>
          {entry.snippet ? <PolicyJson document={entry.snippet} label={`Copy the example policy for question ${i + 1} about ${tool.name}`} /> : null}
        </div>
      ))}
    </section>
  );
}

/** The public page of one catalogued tool. */
export function ToolPage({ server, tool, explanation, related }: Props) {
  return (
    <article className="tool-page">
      <p className="muted small"><Link href="/catalog">Catalog</Link> / <Link href={`/catalog/${server.slug}`}>{server.name}</Link></p>
      <header className="tool-head">
        <div>
          <h1><code>{tool.name}</code></h1>
          <p className="muted">A tool of the {server.name} ({server.repository}) · <ClassBadge value={tool.class} /> <RiskBadge value={tool.risk} /></p>
        </div>
        <LimitLink server={server} tool={tool} />
      </header>
      <WhatItDoes tool={tool} />
      <Classification tool={tool} explanation={explanation} />
      <section aria-labelledby="why-heading">
        <h2 id="why-heading">Why it needs a policy</h2>
        {explanation.whyPolicy.map((p) => <p key={p}>{p}</p>)}
      </section>
      <section aria-labelledby="rule-heading">
        <h2 id="rule-heading">Recommended policy</h2>
        <p>{tool.name}: {ruleSummary(tool)}; every other tool denied. Save it as <code>policy.json</code>, or carry it into Warden&apos;s policy builder.</p>
        <PolicyJson document={tool.recommended} label={`Copy the recommended policy.json for ${tool.name}`} />
        <LimitLink server={server} tool={tool} />
      </section>
      <Faq explanation={explanation} tool={tool} />
      <RelatedTools serverSlug={server.slug} tool={tool} {...related} />
    </article>
  );
}
