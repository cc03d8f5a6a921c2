// Compiles an upstream's input schema into a check of a call's arguments that cannot hold the
// event loop: the schema is bounded in size before Ajv compiles it, its regexes run on a
// linear-time engine, and each check stops after a fixed amount of work.
import Ajv, { _, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { LinearPatterns, type PatternLimits } from "@/gateway/enforce/linear-patterns";
import { COST_KEYWORD, prepareSchema, type ShapeLimits } from "@/gateway/enforce/prepare-schema";
import { WorkBudgetExceeded, WorkMeter } from "@/gateway/enforce/work-meter";

export type SchemaLimits = ShapeLimits &
  PatternLimits & {
    /** Work units one check may spend: a subschema applied, or a regex state visited, is one. */
    checkBudget: number;
  };

export const DEFAULT_SCHEMA_LIMITS: SchemaLimits = {
  maxBytes: 256 * 1024,
  maxNodes: 150,
  maxDepth: 32,
  maxPatternLength: 2_000,
  maxPatternStates: 20_000,
  checkBudget: 250_000,
};

/** At most this many errors are named in a refusal; the rest are counted. */
const MAX_ERRORS_NAMED = 5;
const MAX_MESSAGE_LENGTH = 1_000;

export type ArgumentsVerdict = { kind: "valid" } | { kind: "invalid"; message: string } | { kind: "too_costly" };

export type CompiledSchema =
  | { kind: "checked"; nodes: number; skipped: string[]; check(args: unknown): ArgumentsVerdict }
  | { kind: "unchecked"; reason: string };

export class SchemaValidator {
  private readonly meter = new WorkMeter();

  constructor(private readonly limits: SchemaLimits = DEFAULT_SCHEMA_LIMITS) {}

  compile(schema: unknown): CompiledSchema {
    const patterns = new LinearPatterns(this.limits, this.meter);
    const prepared = prepareSchema(schema, this.limits, patterns);
    if (prepared.kind === "refused") return { kind: "unchecked", reason: prepared.reason };
    let validate: ValidateFunction;
    try {
      validate = this.ajv(patterns).compile(prepared.schema);
    } catch (error) {
      return { kind: "unchecked", reason: `the input schema could not be compiled: ${(error as Error).message.slice(0, 300)}` };
    }
    const check = (args: unknown) => this.check(validate, args);
    return { kind: "checked", nodes: prepared.nodes, skipped: prepared.skipped, check };
  }

  private check(validate: ValidateFunction, args: unknown): ArgumentsVerdict {
    try {
      if (this.meter.run(this.limits.checkBudget, () => validate(args))) return { kind: "valid" };
    } catch (error) {
      if (error instanceof WorkBudgetExceeded || error instanceof RangeError) return { kind: "too_costly" };
      throw error;
    }
    return { kind: "invalid", message: describeErrors(validate) };
  }

  /**
   * A fresh Ajv for each schema: one upstream's $id can never stand for another's, and nothing
   * outlives the validator (a shared instance keeps every schema it ever compiled).
   */
  private ajv(patterns: LinearPatterns): Ajv {
    const ajv = new Ajv({
      strict: false,
      validateFormats: true,
      validateSchema: false,
      allErrors: true,
      code: { regExp: patterns.engine() },
    });
    addFormats(ajv);
    const meter = this.meter;
    // Generated inline: one call per subschema applied, and no error handling to compile.
    ajv.addKeyword({
      keyword: COST_KEYWORD,
      schemaType: "boolean",
      code: (cxt) => void cxt.gen.code(_`${cxt.gen.scopeValue("obj", { ref: meter })}.spend(1)`),
    });
    return ajv;
  }
}

function describeErrors(validate: ValidateFunction): string {
  const errors = validate.errors ?? [];
  const named = errors.slice(0, MAX_ERRORS_NAMED).map((e) => `data${e.instancePath} ${e.message ?? "is invalid"}`);
  const more = errors.length > MAX_ERRORS_NAMED ? ` (and ${errors.length - MAX_ERRORS_NAMED} more)` : "";
  const message = named.join(", ") + more;
  return message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH)}…` : message;
}
