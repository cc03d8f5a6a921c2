import type { Metadata } from "next";
import Link from "next/link";
import { requireOrgPage } from "@/lib/auth/with-org";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Overview" };

const steps = [
  { segment: "servers", title: "Register an MCP server", text: "Connect the MLflow MCP server (or any other) and import its tools." },
  { segment: "policies", title: "Build a policy", text: "Per tool: allow, deny, hide, rate-limit or require a person's approval." },
  { segment: "grants", title: "Create a grant", text: "Copy its gateway URL into Claude, Cursor or any MCP client." },
  { segment: "audit", title: "Watch the audit log", text: "Every decision the gateway takes, hash-chained." },
];

export default async function OverviewPage({ params }: { params: Promise<{ org: string }> }) {
  const ctx = await requireOrgPage((await params).org);
  return (
    <>
      <PageHeader title={`Welcome to ${ctx.orgName}`} description="Four steps put policy between your agents and their tools." />
      <ol className="steps">
        {steps.map((step) => (
          <li key={step.segment} className="card">
            <h2>
              <Link href={`/${ctx.slug}/${step.segment}`}>{step.title}</Link>
            </h2>
            <p className="muted">{step.text}</p>
          </li>
        ))}
      </ol>
    </>
  );
}
