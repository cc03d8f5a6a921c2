import Link from "next/link";
import type { CatalogServerView } from "@/lib/schemas/catalog";
import { catalogedLine, countBy, countText } from "./catalog-stats";

/** One catalogued server on /catalog. */
export function ServerCard({ server }: { server: CatalogServerView }) {
  return (
    <article className="card catalog-server">
      <h2><Link href={`/catalog/${server.slug}`}>{server.name}</Link></h2>
      <p className="muted small">
        <a href={`https://github.com/${server.repository}`} rel="noopener">{server.repository}</a> · {server.transport}
      </p>
      <p>{server.summary}</p>
      <p className="catalog-count"><strong>{catalogedLine(server)}</strong></p>
      <p className="muted small">
        By class: {countText(countBy(server, "class"), ["read", "write", "delete"])}. By risk: {countText(countBy(server, "risk"), ["low", "medium", "high"])}.
      </p>
      <p><Link href={`/catalog/${server.slug}`}>See every tool, its risk and the recommended rule →</Link></p>
    </article>
  );
}
