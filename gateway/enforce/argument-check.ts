// Arguments are checked against the approved input schema before a call leaves the gateway, so
// malformed input (wrong types, missing fields) never reaches the upstream, and the agent learns
// which field is wrong. Validators are compiled once per tool definition (fingerprint).
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import type { JsonSchemaType, JsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/types.js";
import type { Logger } from "pino";
import type { ToolState } from "@/gateway/state/records";

const maxCached = 5_000;

export class ArgumentCheck {
  private readonly provider = new AjvJsonSchemaValidator();
  private readonly validators = new Map<string, JsonSchemaValidator<unknown> | null>();

  constructor(private readonly logger: Logger) {}

  /** Why the arguments do not fit the tool's schema, or null when they do (or no schema is known). */
  problem(serverId: string, name: string, tool: ToolState, args: Record<string, unknown>): string | null {
    const validator = this.validatorFor(`${serverId}|${name}|${tool.fingerprint}`, tool.inputSchema);
    if (!validator) return null;
    const result = validator(args);
    return result.valid ? null : `Invalid arguments for ${name}: ${result.errorMessage}`;
  }

  private validatorFor(key: string, schema: unknown): JsonSchemaValidator<unknown> | null {
    if (this.validators.has(key)) return this.validators.get(key)!;
    if (typeof schema !== "object" || schema === null) return null;
    let validator: JsonSchemaValidator<unknown> | null = null;
    try {
      validator = this.provider.getValidator(schema as JsonSchemaType);
    } catch (error) {
      // A schema that cannot be compiled is the upstream's problem; the upstream still validates.
      this.logger.warn({ tool: key, err: (error as Error).message }, "tool input schema could not be compiled; arguments not checked");
    }
    if (this.validators.size >= maxCached) this.validators.clear();
    this.validators.set(key, validator);
    return validator;
  }
}
