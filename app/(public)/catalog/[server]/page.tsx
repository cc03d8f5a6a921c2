import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { catalogServers, findCatalogServer } from "@/lib/catalog/servers";
import { catalogedLine, countBy, countText } from "@/components/catalog/catalog-stats";
import { ToolTable } from "@/components/catalog/tool-table";

type Props = { params: Promise<{ server: string }> };

export function generateStaticParams() {
  return catalogServers().map((server) => ({ server: server.slug }));
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const server = findCatalogServer((await params).server);
  if (!server) return { title: "Not found" };
  return {
    title: `${server.name} tools: risk and recommended policy`,
    description: `${catalogedLine(server)}: ${countText(countBy(server, "class"), ["read", "write", "delete"])}. Each tool's class, risk, the reasons, and a recommended policy for Warden.`,
  };
}

export default async function CatalogServerPage({ params }: Props) {
  const server = findCatalogServer((await params).server);
  if (!server) notFound();
  return (
    <>
      <p className="muted small"><Link href="/catalog">Catalog</Link></p>
      <h1>{server.name}</h1>
      <p className="muted"><a href={`https://github.com/${server.repository}`} rel="noopener">{server.repository}</a> · {server.transport}</p>
      <p className="lead">{server.summary}</p>
      <p><strong>{catalogedLine(server)}</strong>. By risk: {countText(countBy(server, "risk"), ["low", "medium", "high"])}.</p>
      <ToolTable server={server} />
    </>
  );
}
