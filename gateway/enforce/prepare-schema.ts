// Before Ajv compiles an upstream's input schema: measure it and rewrite a copy. The copy holds
// only patterns the linear-time engine can run, follows only local "#/…" references to places
// this walk saw as schemas, and has a cost keyword in every subschema so that validation charges
// the work meter however the schema is shaped (a chain of $refs can apply one subschema 2^n times).
import type { LinearPatterns } from "@/gateway/enforce/linear-patterns";

export const COST_KEYWORD = "x-warden-cost";

export type ShapeLimits = { maxBytes: number; maxNodes: number; maxDepth: number };

export type PreparedSchema =
  | { kind: "prepared"; schema: Record<string, unknown>; nodes: number; skipped: string[] }
  | { kind: "refused"; reason: string };

/** Keywords whose values are data, never schemas: left as they are and not walked. */
const DATA_KEYWORDS = new Set(["const", "enum", "default", "examples", "example", "required", "type", "format", "title", "description", "$comment"]);
/** Keywords whose values are maps from a name to a schema. */
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies"]);

class Refused extends Error {}

type Walk = { nodes: number; pointers: Set<string>; refs: string[]; skipped: string[] };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const escapeToken = (key: string) => key.replaceAll("~", "~0").replaceAll("/", "~1");

/** Sets a key even when it is "__proto__", which plain assignment would turn into a prototype. */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function prepareSchema(schema: unknown, limits: ShapeLimits, patterns: LinearPatterns): PreparedSchema {
  if (!isObject(schema)) return { kind: "refused", reason: "the input schema is not an object" };
  let bytes: number;
  try {
    bytes = JSON.stringify(schema).length;
  } catch {
    return { kind: "refused", reason: "the input schema cannot be serialized" };
  }
  if (bytes > limits.maxBytes) return { kind: "refused", reason: `the input schema is ${bytes} bytes; the limit is ${limits.maxBytes}` };
  const walk: Walk = { nodes: 0, pointers: new Set(), refs: [], skipped: [] };
  try {
    const copy = new SchemaCopier(limits, patterns, walk).copy(schema, "", 0) as Record<string, unknown>;
    for (const ref of walk.refs) {
      if (!walk.pointers.has(refPointer(ref))) throw new Refused(`the input schema refers to "${ref.slice(0, 200)}", which is not a local subschema`);
    }
    return { kind: "prepared", schema: copy, nodes: walk.nodes, skipped: walk.skipped };
  } catch (error) {
    if (error instanceof Refused) return { kind: "refused", reason: error.message };
    throw error;
  }
}

/** "#/$defs/a%20b" → "/$defs/a b", the form the walk records; anything else is never a walked pointer. */
function refPointer(ref: string): string {
  if (!ref.startsWith("#")) return "\u0000not local";
  try {
    return decodeURIComponent(ref.slice(1));
  } catch {
    return "\u0000undecodable";
  }
}

class SchemaCopier {
  constructor(
    private readonly limits: ShapeLimits,
    private readonly patterns: LinearPatterns,
    private readonly walk: Walk,
  ) {}

  copy(node: unknown, pointer: string, depth: number): unknown {
    if (!isObject(node)) return node;
    if (depth > this.limits.maxDepth) throw new Refused(`the input schema is nested more than ${this.limits.maxDepth} levels deep`);
    if (++this.walk.nodes > this.limits.maxNodes) throw new Refused(`the input schema has more than ${this.limits.maxNodes} subschemas`);
    this.walk.pointers.add(pointer);
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      const at = `${pointer}/${escapeToken(key)}`;
      if (DATA_KEYWORDS.has(key)) put(out, key, value);
      else if (key === "pattern" && typeof value === "string") this.copyPattern(out, value, pointer);
      else put(out, key, this.copyKeyword(key, value, at, depth));
    }
    if (isObject(node.patternProperties)) this.checkPatternProperties(out, node.patternProperties, `${pointer}/patternProperties`);
    put(out, COST_KEYWORD, true);
    return out;
  }

  private copyKeyword(key: string, value: unknown, at: string, depth: number): unknown {
    if ((key === "$ref" || key === "$dynamicRef" || key === "$recursiveRef") && typeof value === "string") {
      if (key !== "$ref") throw new Refused(`the input schema uses ${key}, which this check does not follow`);
      this.walk.refs.push(value);
      return value;
    }
    if (key === "$id" && depth > 0) throw new Refused(`the input schema declares an $id below its root (at ${at})`);
    if (SCHEMA_MAPS.has(key) && isObject(value)) {
      const map: Record<string, unknown> = {};
      for (const [name, item] of Object.entries(value)) put(map, name, this.copy(item, `${at}/${escapeToken(name)}`, depth + 1));
      return map;
    }
    // An unknown keyword's objects may still be reached by a $ref, so they are treated as schemas.
    if (Array.isArray(value)) return value.map((item, index) => this.copy(item, `${at}/${index}`, depth + 1));
    return this.copy(value, at, depth + 1);
  }

  private copyPattern(out: Record<string, unknown>, pattern: string, at: string): void {
    const problem = this.patterns.problem(pattern);
    if (problem) this.walk.skipped.push(`"pattern" at ${at || "/"} is not checked: ${problem}`);
    else put(out, "pattern", pattern);
  }

  /** One pattern the engine cannot run leaves the node's property-name keywords unchecked. */
  private checkPatternProperties(out: Record<string, unknown>, map: Record<string, unknown>, at: string): void {
    for (const pattern of Object.keys(map)) {
      const problem = this.patterns.problem(pattern);
      if (!problem) continue;
      delete out.patternProperties;
      delete out.additionalProperties;
      delete out.unevaluatedProperties;
      this.walk.skipped.push(`"patternProperties" at ${at} and the additional properties beside it are not checked: ${problem}`);
      return;
    }
  }
}
