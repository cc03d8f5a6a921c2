import type { Metadata } from "next";
import { catalogServers } from "@/lib/catalog/servers";
import { ServerCard } from "@/components/catalog/server-card";

export const metadata: Metadata = {
  title: "MCP tool catalog: every tool classified by risk",
  description:
    "MCP servers' tools, each classified read, write or delete with a low, medium or high risk, the classifier's reasons, and a recommended Warden policy to copy.",
};

export default function CatalogPage() {
  const servers = catalogServers();
  return (
    <>
      <h1>MCP tool catalog</h1>
      <p className="lead">
        Before an agent gets a server&apos;s tools, know what each one can do. Every tool here is classified by what it does (read,
        write or delete) and how much harm a careless or runaway agent could do with it (low, medium or high risk), with the reasons
        and the rule we recommend.
      </p>
      <div className="catalog-stack">{servers.map((server) => <ServerCard key={server.slug} server={server} />)}</div>
    </>
  );
}
