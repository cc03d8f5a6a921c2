/** The 40 MLflow MCP tools of tests/fixtures/mlflow-mcp-tools.json as MCP tools/list entries, with their reference classes. */
import { readFileSync } from "node:fs";
import type { RiskLevel, ToolClass, ToolDescriptor } from "@/lib/risk";

interface FixtureParam {
  name: string;
  type: string;
  required: boolean;
}
interface FixtureTool {
  name: string;
  class: ToolClass;
  risk: RiskLevel;
  annotations: Record<string, boolean>;
  params: FixtureParam[];
}

function paramSchema(type: string): Record<string, unknown> {
  if (type.endsWith("[]")) return { type: "array", items: paramSchema(type.slice(0, -2)) };
  if (type.startsWith("object<")) return { type: "object", additionalProperties: { type: "string" } };
  return { type };
}

function inputSchema(params: FixtureParam[]): Record<string, unknown> {
  const required = params.filter((p) => p.required).map((p) => p.name);
  return { type: "object", properties: Object.fromEntries(params.map((p) => [p.name, paramSchema(p.type)])), required };
}

const fixture = JSON.parse(
  readFileSync(new URL("../../fixtures/mlflow-mcp-tools.json", import.meta.url), "utf8"),
) as { tools: FixtureTool[] };

export const MLFLOW_REFERENCE = fixture.tools.map((t) => ({ name: t.name, class: t.class, risk: t.risk }));

export const MLFLOW_CATALOG: ToolDescriptor[] = fixture.tools.map((t) => ({
  name: t.name,
  description: "",
  inputSchema: inputSchema(t.params),
  annotations: t.annotations,
}));
