// The arguments a tool takes, read from its JSON Schema, for the condition builder and the
// simulator's generated form.
import { isRecord } from "./draft-model";

export type ArgType = "string" | "number" | "integer" | "boolean" | "array" | "object" | "unknown";
export type ArgSpec = { name: string; type: ArgType; required: boolean; description: string; enumValues: unknown[] | null; itemType: ArgType };

function typeOf(schema: Record<string, unknown>): ArgType {
  const raw = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  if (typeof raw === "string" && ["string", "number", "integer", "boolean", "array", "object"].includes(raw)) return raw as ArgType;
  // anyOf [{type: X}, {type: "null"}] is how optional arguments often come from Python servers.
  const variants = Array.isArray(schema.anyOf) ? schema.anyOf.filter(isRecord) : [];
  const typed = variants.map(typeOf).find((t) => t !== "unknown");
  return typed ?? "unknown";
}

export function argsOf(inputSchema: Record<string, unknown> | undefined): ArgSpec[] {
  const properties = isRecord(inputSchema?.properties) ? inputSchema.properties : {};
  const required = Array.isArray(inputSchema?.required) ? inputSchema.required : [];
  return Object.entries(properties).map(([name, raw]) => {
    const schema = isRecord(raw) ? raw : {};
    const items = isRecord(schema.items) ? schema.items : {};
    return {
      name,
      type: typeOf(schema),
      required: required.includes(name),
      description: typeof schema.description === "string" ? schema.description : "",
      enumValues: Array.isArray(schema.enum) ? schema.enum : null,
      itemType: typeOf(items),
    };
  });
}
