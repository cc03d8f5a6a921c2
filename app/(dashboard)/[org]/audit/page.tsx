import type { Metadata } from "next";
import Link from "next/link";
import "@/app/control.css";
import { requireOrgPage } from "@/lib/auth/with-org";
import { auditFilterOptions, listAuditEvents } from "@/lib/data/audit-log";
import { auditStats } from "@/lib/data/audit-stats";
import { auditListQuerySchema, type AuditListQuery } from "@/lib/schemas/audit";
import { PageHeader } from "@/components/ui/page-header";
import { AuditCharts } from "@/components/audit/audit-charts";
import { AuditFilterForm } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { VerifyIntegrity } from "@/components/audit/verify-integrity";

export const metadata: Metadata = { title: "Audit" };

type Props = { params: Promise<{ org: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

function parseFilters(raw: Record<string, string | string[] | undefined>): { query: AuditListQuery; problem: string | null } {
  const flat = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = auditListQuerySchema.safeParse(flat);
  if (parsed.success) return { query: parsed.data, problem: null };
  const issue = parsed.error.issues[0];
  return { query: auditListQuerySchema.parse({}), problem: `Filter ${issue?.path.join(".")}: ${issue?.message}` };
}

export default async function AuditPage({ params, searchParams }: Props) {
  const ctx = await requireOrgPage((await params).org);
  const { query, problem } = parseFilters(await searchParams);
  const { cursor: _cursor, limit: _limit, ...filters } = query;
  const [page, stats, options] = await Promise.all([listAuditEvents(ctx.orgId, query), auditStats(ctx.orgId, filters), auditFilterOptions(ctx.orgId)]);
  const filterParams = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => Boolean(e[1])));
  const exportHref = (format: string) => `/api/orgs/${ctx.slug}/audit/export?${new URLSearchParams([...filterParams, ["format", format]])}`;
  return (
    <>
      <PageHeader
        title="Audit"
        description="Every gateway decision and every control-plane change, hash-chained per organization."
        actions={<VerifyIntegrity slug={ctx.slug} />}
      />
      {problem ? <p className="form-error" role="alert">{problem}</p> : null}
      <AuditFilterForm slug={ctx.slug} filters={filters} options={options} />
      <AuditCharts stats={stats} />
      <div className="row" style={{ justifyContent: "flex-end", marginBottom: "0.5rem" }}>
        <a className="button small" href={exportHref("csv")} download>Export CSV</a>
        <a className="button small" href={exportHref("json")} download>Export JSON</a>
      </div>
      <AuditTable events={page.data} />
      <nav className="pager" aria-label="Pages">
        {query.cursor ? <Link href={`/${ctx.slug}/audit?${filterParams}`}>Newest</Link> : <span />}
        {page.nextCursor ? (
          <Link href={`/${ctx.slug}/audit?${new URLSearchParams([...filterParams, ["cursor", page.nextCursor]])}`}>Older →</Link>
        ) : (
          <span className="muted small">End of the log</span>
        )}
      </nav>
    </>
  );
}
