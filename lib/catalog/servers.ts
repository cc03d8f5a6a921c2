// The catalogued servers. The MLflow MCP server's tools are its tools/list as the stand-in serves
// it (tests/fixtures/mlflow-mcp), copied into mlflow-mcp-tools.json so the catalog ships with the
// app; a unit test fails when the two differ.
import type { ToolDescriptor } from "@/lib/risk/types";
import type { CatalogServerView, CatalogToolView } from "@/lib/schemas/catalog";
import { describeTool } from "./describe-tool";
import mlflowTools from "./mlflow-mcp-tools.json";

const SERVERS: Omit<CatalogServerView, "tools">[] = [
  {
    slug: "mlflow-mcp",
    name: "MLflow MCP Server",
    repository: "kkruglik/mlflow-mcp",
    summary:
      "Gives an agent an MLflow tracking server: experiments, runs and their metrics, artifacts, and the model registry with its versions, stages and aliases.",
    transport: "stdio (uvx mlflow-mcp), or HTTP behind a stdio bridge",
  },
];
const TOOLS: Record<string, readonly ToolDescriptor[]> = { "mlflow-mcp": mlflowTools as ToolDescriptor[] };

const built = new Map<string, CatalogServerView>();

export function catalogServers(): CatalogServerView[] {
  return SERVERS.map((server) => findCatalogServer(server.slug)!);
}

export function findCatalogServer(slug: string): CatalogServerView | null {
  const cached = built.get(slug);
  if (cached) return cached;
  const server = SERVERS.find((s) => s.slug === slug);
  if (!server) return null;
  const view = { ...server, tools: (TOOLS[slug] ?? []).map(describeTool) };
  built.set(slug, view);
  return view;
}

export function findCatalogTool(serverSlug: string, toolName: string): { server: CatalogServerView; tool: CatalogToolView } | null {
  const server = findCatalogServer(serverSlug);
  const tool = server?.tools.find((t) => t.name === toolName);
  return server && tool ? { server, tool } : null;
}

/** Other tools on the same resource, and other tools of the same class. */
export function relatedTools(server: CatalogServerView, tool: CatalogToolView): { sameResource: CatalogToolView[]; sameClass: CatalogToolView[] } {
  const others = server.tools.filter((t) => t.name !== tool.name);
  return {
    sameResource: others.filter((t) => t.resource === tool.resource),
    sameClass: others.filter((t) => t.class === tool.class),
  };
}
