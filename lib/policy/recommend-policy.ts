/**
 * A starting policy from the risk classification of a server's tools: reads of metadata are
 * allowed, other reads and writes run under a per-grant rate limit, high-risk calls wait for a
 * person, deletes are hidden, and tools that appear later stay hidden until someone decides.
 */
import { classifyTool } from "@/lib/risk/classify-tool";
import type { RiskLevel, ToolClass, ToolDescriptor } from "@/lib/risk/types";
import type { PolicyDocument, ToolEntry } from "@/lib/schemas/policy";

/** Calls per minute per grant, by class and risk; high risk needs approval instead. */
const PER_MINUTE: Record<"read" | "write", Partial<Record<RiskLevel, number>>> = {
  read: { medium: 60 },
  write: { low: 60, medium: 30 },
};
const EXACT_TOOL_NAME = /^[A-Za-z0-9_.\-/:@]{1,128}$/;

function counterName(toolName: string, taken: Set<string>): string {
  const base = `${toolName.replace(/[^A-Za-z0-9_.:-]/g, "_").slice(0, 59)}_rate`;
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base.slice(0, 60)}_${i}`;
  taken.add(name);
  return name;
}

function entryFor(toolClass: ToolClass, risk: RiskLevel, counter: () => string): ToolEntry {
  if (toolClass === "delete") return { action: "hide" };
  if (risk === "high") {
    const what = toolClass === "read" ? "High-risk read" : "High-risk change";
    return { action: "require_approval", approval: { timeout: "10m" }, reason: `${what}: a person approves each call.` };
  }
  const max = PER_MINUTE[toolClass][risk];
  if (max === undefined) return { action: "allow" };
  return { action: "allow", limits: [{ counter: counter(), window: "minute", max, scope: "grant" }] };
}

export function recommendPolicy(toolCatalog: readonly ToolDescriptor[]): PolicyDocument {
  const tools: Record<string, ToolEntry> = {};
  const counters = new Set<string>();
  for (const tool of toolCatalog) {
    // A name with wildcards or odd characters cannot be named exactly; `default: deny` hides it.
    if (!EXACT_TOOL_NAME.test(tool.name) || tool.name === "__proto__" || Object.hasOwn(tools, tool.name)) continue;
    const { class: toolClass, risk } = classifyTool(tool);
    tools[tool.name] = entryFor(toolClass, risk, () => counterName(tool.name, counters));
  }
  return { version: "1", default: "deny", tools };
}
