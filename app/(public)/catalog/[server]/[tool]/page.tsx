import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CLASS_LABEL, RISK_LABEL, explainTool, ruleSummary } from "@/lib/catalog/explain-tool";
import { catalogServers, findCatalogTool, relatedTools } from "@/lib/catalog/servers";
import { ToolPage } from "@/components/catalog/tool-page";

type Props = { params: Promise<{ server: string; tool: string }> };

export function generateStaticParams() {
  return catalogServers().flatMap((server) => server.tools.map((tool) => ({ server: server.slug, tool: tool.name })));
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { server, tool } = await params;
  const found = findCatalogTool(server, tool);
  if (!found) return { title: "Not found" };
  const t = found.tool;
  return {
    title: `${t.name}: ${CLASS_LABEL[t.class]}, ${RISK_LABEL[t.risk]} risk · ${found.server.name}`,
    description: `${t.description} Classified ${t.class}, ${t.risk} risk: ${t.riskReasons.join("; ")}. Recommended Warden rule: ${ruleSummary(t)}.`,
  };
}

export default async function CatalogToolPage({ params }: Props) {
  const { server, tool } = await params;
  const found = findCatalogTool(server, tool);
  if (!found) notFound();
  return (
    <ToolPage server={found.server} tool={found.tool} explanation={explainTool(found.tool)} related={relatedTools(found.server, found.tool)} />
  );
}
