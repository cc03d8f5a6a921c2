/** Looks up a condition's argument path in a tool's JSON Schema, for the static checks. */
type Schema = Record<string, unknown>;

export type ArgumentLookup =
  /** `schema` is null when the tool's schema does not say what the value looks like. */
  | { found: true; schema: Schema | null; required: boolean }
  | { found: false; missing: string; known: string[] };

const isSchema = (value: unknown): value is Schema => typeof value === "object" && value !== null && !Array.isArray(value);

function child(schema: Schema, segment: string): { schema: Schema | null; required: boolean } | "missing" | "unknown" {
  const properties = schema.properties;
  if (isSchema(properties) && Object.hasOwn(properties, segment)) {
    const sub = properties[segment];
    const required = Array.isArray(schema.required) && schema.required.includes(segment);
    return { schema: isSchema(sub) ? sub : null, required };
  }
  if (isSchema(schema.additionalProperties)) return { schema: schema.additionalProperties, required: false };
  if (/^\d+$/.test(segment) && isSchema(schema.items)) return { schema: schema.items, required: false };
  // A schema that lists no properties says nothing about which keys exist.
  return isSchema(properties) ? "missing" : "unknown";
}

export function lookupArgument(inputSchema: Schema | undefined, segments: readonly string[]): ArgumentLookup {
  let schema: Schema | null = inputSchema ?? null;
  let required = true;
  for (const segment of segments) {
    if (schema === null) return { found: true, schema: null, required };
    const next = child(schema, segment);
    if (next === "unknown") return { found: true, schema: null, required: false };
    if (next === "missing") {
      return { found: false, missing: segment, known: isSchema(schema.properties) ? Object.keys(schema.properties) : [] };
    }
    schema = next.schema;
    required = required && next.required;
  }
  return { found: true, schema, required };
}

/** The JSON types a schema allows ("string", "integer", …); empty when it does not say. */
export function schemaTypes(schema: Schema | null): Set<string> {
  const types = new Set<string>();
  if (!schema) return types;
  if (typeof schema.type === "string") types.add(schema.type);
  if (Array.isArray(schema.type)) for (const t of schema.type) if (typeof t === "string") types.add(t);
  if (Array.isArray(schema.enum)) for (const v of schema.enum) types.add(v === null ? "null" : typeof v);
  for (const key of ["anyOf", "oneOf"]) {
    const options = schema[key];
    if (Array.isArray(options)) for (const option of options) if (isSchema(option)) schemaTypes(option).forEach((t) => types.add(t));
  }
  if (types.has("integer")) types.add("number");
  return types;
}
