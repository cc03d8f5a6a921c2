import type { Metadata } from "next";
import Link from "next/link";
import { requireOrgPage } from "@/lib/auth/with-org";
import { env } from "@/lib/env";
import { getOverview, type Overview } from "@/lib/data/overview";
import { getProfile } from "@/lib/data/profile";
import { PageHeader } from "@/components/ui/page-header";
import { LocalInboxLink } from "@/components/settings/local-inbox-link";

export const metadata: Metadata = { title: "Overview" };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const steps: { segment: string; title: string; text: string; status: (o: Overview) => string | null }[] = [
  { segment: "servers", title: "Register an MCP server", text: "Connect the MLflow MCP server (or any other) and import its tools.", status: (o) => (o.servers ? plural(o.servers, "server") : null) },
  { segment: "policies", title: "Build a policy", text: "Per tool: allow, deny, hide, rate-limit or require a person's approval.", status: (o) => (o.policies ? plural(o.policies, "policy", "policies") : null) },
  { segment: "grants", title: "Create a grant", text: "Copy its gateway URL into Claude, Cursor or any MCP client.", status: (o) => (o.activeGrants ? plural(o.activeGrants, "active grant") : null) },
  { segment: "audit", title: "Watch the audit log", text: "Every decision the gateway takes, hash-chained.", status: (o) => (o.gatewayEvents ? plural(o.gatewayEvents, "gateway decision") : null) },
];

export default async function OverviewPage({ params }: { params: Promise<{ org: string }> }) {
  const ctx = await requireOrgPage((await params).org);
  const [overview, profile] = await Promise.all([getOverview(ctx.orgId), getProfile(ctx.user!.id)]);
  return (
    <>
      <PageHeader title={`Welcome to ${ctx.orgName}`} description="Four steps put policy between your agents and their tools." />
      {profile.emailVerified ? null : (
        <p className="card notice">
          Open the link we mailed to {profile.email} to verify it: until then you cannot invite people or create API keys.{" "}
          <LocalInboxLink shown={Boolean(env().WARDEN_MAIL_CATCHER_DIR)} />
          <Link href={`/${ctx.slug}/profile`}>Send it again</Link>
        </p>
      )}
      {overview.pendingApprovals > 0 ? (
        <p className="card notice">
          <Link href={`/${ctx.slug}/approvals`}>{plural(overview.pendingApprovals, "held call")} waiting for a decision</Link>
        </p>
      ) : null}
      <ol className="steps">
        {steps.map((step) => {
          const status = step.status(overview);
          return (
            <li key={step.segment} className="card">
              <h2>
                <Link href={`/${ctx.slug}/${step.segment}`}>{step.title}</Link>
              </h2>
              <p className="muted">{step.text}</p>
              {status ? <p className="step-done">✓ {status}</p> : null}
            </li>
          );
        })}
      </ol>
    </>
  );
}
