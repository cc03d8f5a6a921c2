import type { ToolView } from "@/lib/data/servers";
import type { BuilderTool } from "./types";

/** What the builder sends to the browser about each tool: nothing beyond what an agent sees. */
export function builderTools(tools: ToolView[]): BuilderTool[] {
  return tools.map((t) => ({
    name: t.name,
    description: t.description,
    class: t.class,
    risk: t.risk,
    status: t.status,
    inputSchema: t.inputSchema,
    annotations: t.annotations,
  }));
}
