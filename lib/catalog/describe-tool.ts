// One catalogued tool as its page shows it: the classifier's class, risk and reasons, the thing it
// acts on, its parameters, and the recommended rule for it alone. Pure: the same data the stand-in
// serves goes in, the same view comes out on every build.
import { recommendPolicy } from "@/lib/policy/recommend-policy";
import { classifyTool } from "@/lib/risk/classify-tool";
import type { ToolDescriptor } from "@/lib/risk/types";
import { DELETE_VERBS, READ_VERBS, WEAK_READ_VERBS, WRITE_VERBS, nameWords } from "@/lib/risk/vocabulary";
import type { CatalogParam, CatalogToolView } from "@/lib/schemas/catalog";

/** Words in a tool name that qualify the thing rather than name it ("get_registered_models"). */
const QUALIFIERS = new Set(["registered", "logged", "latest", "best", "parent", "all", "by", "my"]);
const isVerb = (word: string) => [DELETE_VERBS, WRITE_VERBS, READ_VERBS, WEAK_READ_VERBS].some((set) => set.has(word));

function singular(word: string): string {
  if (/(ss|us)$/.test(word)) return word;
  if (/(s|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (/ies$/.test(word)) return `${word.slice(0, -3)}y`;
  return word.endsWith("s") ? word.slice(0, -1) : word;
}

/**
 * The first noun of the name after its verb: set_experiment_tag → "experiment", get_run → "run"
 * (only the first verb counts as one: "run" is also a noun); a name with no noun → "server".
 */
export function resourceOf(toolName: string): string {
  const words = nameWords(toolName);
  const verbAt = words.findIndex(isVerb);
  const noun = words.find((word, i) => i !== verbAt && !QUALIFIERS.has(word));
  return noun ? singular(noun) : "server";
}

function typeOf(schema: Record<string, unknown>): string {
  if (schema.type === "array") return `${typeOf((schema.items ?? {}) as Record<string, unknown>)}[]`;
  return typeof schema.type === "string" ? schema.type : "any";
}

function paramsOf(inputSchema: Record<string, unknown> | undefined): CatalogParam[] {
  const properties = (inputSchema?.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = Array.isArray(inputSchema?.required) ? (inputSchema.required as string[]) : [];
  return Object.entries(properties).map(([name, schema]) => ({
    name,
    type: typeOf(schema),
    required: required.includes(name),
    description: typeof schema.description === "string" ? schema.description : "",
  }));
}

export function describeTool(tool: ToolDescriptor): CatalogToolView {
  const { class: toolClass, risk, classReasons, riskReasons } = classifyTool(tool);
  const hints = Object.entries(tool.annotations ?? {})
    .filter(([, value]) => typeof value === "boolean")
    .map(([key, value]) => `${key}: ${String(value)}`);
  return {
    name: tool.name,
    description: tool.description ?? "",
    class: toolClass,
    risk,
    classReasons,
    riskReasons,
    resource: resourceOf(tool.name),
    params: paramsOf(tool.inputSchema),
    hints,
    recommended: recommendPolicy([tool]),
  };
}
