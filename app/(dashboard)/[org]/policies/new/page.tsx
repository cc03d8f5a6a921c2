import type { Metadata } from "next";
import Link from "next/link";
import { requireOrgPage } from "@/lib/auth/with-org";
import { hasRole } from "@/lib/auth/roles";
import { listServers, listTools } from "@/lib/data/servers";
import { PageHeader } from "@/components/ui/page-header";
import { PolicyEditor } from "@/components/policies/policy-editor";
import { builderTools } from "@/components/policies/builder-tools";
import type { Draft } from "@/components/policies/draft-model";
import { catalogDraft } from "@/lib/catalog/limit-intent";
import "@/app/builder.css";

export const metadata: Metadata = { title: "New policy" };

type Props = { params: Promise<{ org: string }>; searchParams: Promise<{ server?: string; catalog?: string; tool?: string }> };

export default async function NewPolicyPage({ params, searchParams }: Props) {
  const ctx = await requireOrgPage((await params).org);
  if (!hasRole(ctx.role, "editor")) {
    return <PageHeader title="New policy" description="Only editors, admins and owners create policies. You can look at the existing ones and simulate them." />;
  }
  const servers = await listServers(ctx.orgId);
  const { server: wanted, catalog, tool } = await searchParams;
  // "Limit this tool →" from the public catalog: the tool's recommended rule is the first draft.
  const intent = catalogDraft(catalog, tool);
  const server = servers.find((s) => s.id === wanted) ?? (servers.length === 1 ? servers[0] : undefined);
  if (!server) {
    return (
      <>
        <PageHeader title="New policy" description="A policy belongs to one server and decides about its tools." />
        {servers.length === 0 ? (
          <p className="card">No server yet: <Link href={`/${ctx.slug}/servers`}>register one</Link> first.</p>
        ) : (
          <form className="card narrow" method="get">
            <div className="field">
              <label htmlFor="server">Server</label>
              <select id="server" name="server" defaultValue={servers[0]?.id}>
                {servers.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
              </select>
            </div>
            {intent ? <><input type="hidden" name="catalog" value={catalog} /><input type="hidden" name="tool" value={tool} /></> : null}
            <button type="submit" className="button primary">Continue</button>
          </form>
        )}
      </>
    );
  }
  const tools = await listTools(ctx.orgId, server.id);
  return (
    <>
      <PageHeader title="New policy" description={<>For <Link href={`/${ctx.slug}/servers/${server.id}`}>{server.name}</Link> ({tools.length} tools). Nothing is saved until you create it.</>} />
      <PolicyEditor slug={ctx.slug} server={{ id: server.id, name: server.name }} tools={builderTools(tools)} grants={[]} canEdit policy={null}
        startFrom={intent ? { draft: intent.draft as Draft, label: intent.label } : null} />
    </>
  );
}
