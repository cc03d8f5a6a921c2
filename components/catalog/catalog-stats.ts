import type { CatalogServerView } from "@/lib/schemas/catalog";

/** "40 MLflow MCP Server tools catalogued and risk-classified", counted from the data. */
export function catalogedLine(server: CatalogServerView): string {
  return `${server.tools.length} ${server.name} tools catalogued and risk-classified`;
}

/** How many tools of each class and risk, for a server's summary. */
export function countBy<K extends "class" | "risk">(server: CatalogServerView, key: K): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const tool of server.tools) counts[tool[key]] = (counts[tool[key]] ?? 0) + 1;
  return counts;
}

/** "26 read, 8 write, 6 delete": only the kinds that occur, in a fixed order. */
export function countText(counts: Record<string, number>, order: readonly string[]): string {
  return order.filter((k) => counts[k]).map((k) => `${counts[k]} ${k}`).join(", ");
}
