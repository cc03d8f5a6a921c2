import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { getSessionUser } from "@/lib/auth/session";
import { limitStartPath, orgLimitPath } from "@/lib/catalog/limit-intent";
import { findCatalogTool } from "@/lib/catalog/servers";
import { listMemberships } from "@/lib/data/accounts";

export const metadata: Metadata = { title: "Limit this tool", robots: { index: false } };

type Props = { params: Promise<{ server: string; tool: string }> };

// "Limit this tool →" lands here. Signed out: sign up first, and come back here after. Signed
// in: on to the organization's step that picks or registers the server (asking which
// organization when there are several).
export default async function LimitToolPage({ params }: Props) {
  const { server, tool } = await params;
  const found = findCatalogTool(server, tool);
  if (!found) notFound();
  const here = limitStartPath(found.server.slug, found.tool.name);
  const user = await getSessionUser();
  if (!user) redirect(`/sign-up?next=${encodeURIComponent(here)}`);
  const memberships = await listMemberships(user.id);
  if (memberships.length === 1) redirect(orgLimitPath(memberships[0]!.slug, found.server.slug, found.tool.name));
  return (
    <div className="card narrow">
      <h1>Limit <code>{found.tool.name}</code></h1>
      {memberships.length === 0 ? (
        <p>You are not in an organization yet. <Link href="/new-organization">Create one</Link>, then come back to this tool&apos;s page.</p>
      ) : (
        <>
          <p>Which organization should get the rule?</p>
          <ul className="tool-list">
            {memberships.map((m) => <li key={m.slug}><Link href={orgLimitPath(m.slug, found.server.slug, found.tool.name)}>{m.name}</Link></li>)}
          </ul>
        </>
      )}
    </div>
  );
}
