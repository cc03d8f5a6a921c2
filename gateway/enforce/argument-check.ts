// Arguments are checked against the approved input schema before a call leaves the gateway, so
// malformed input (wrong types, missing fields) never reaches the upstream, and the agent learns
// which field is wrong. The schema comes from the upstream and the arguments from the agent, so
// neither may hold the event loop: see schema-validator.ts. A schema (or a part of one) that
// cannot be checked safely is left to the upstream, which validates its own input anyway.
import type { Logger } from "pino";
import { Counter, type Registry } from "prom-client";
import { CompileBudget } from "@/gateway/enforce/compile-budget";
import { LruCache } from "@/gateway/enforce/lru-cache";
import { DEFAULT_SCHEMA_LIMITS, SchemaValidator, type CompiledSchema, type SchemaLimits } from "@/gateway/enforce/schema-validator";
import type { ToolState } from "@/gateway/state/records";

export type ArgumentCheckOptions = {
  limits?: Partial<SchemaLimits>;
  /** Registry for warden_gateway_argument_checks_skipped_total. */
  registry?: Registry;
  /** Bound of the validator cache, in subschemas compiled (a validator's size follows its schema). */
  cacheWeight?: number;
  /** Milliseconds of schema compiling allowed per second, gateway-wide. */
  compileMsPerSecond?: number;
  now?: () => number;
};

type Entry = { compiled: CompiledSchema; warnedCost: boolean };

/** A compile longer than this is logged: the size bounds should keep every compile below it. */
const SLOW_COMPILE_MS = 100;

export class ArgumentCheck {
  private readonly validator: SchemaValidator;
  private readonly cache: LruCache<string, Entry>;
  private readonly skipped: Counter<"reason">;
  private readonly compileBudget: CompileBudget;
  private readonly now: () => number;

  constructor(
    private readonly logger: Logger,
    options: ArgumentCheckOptions = {},
  ) {
    this.validator = new SchemaValidator({ ...DEFAULT_SCHEMA_LIMITS, ...options.limits });
    this.cache = new LruCache(options.cacheWeight ?? 100_000, 10_000);
    this.now = options.now ?? (() => performance.now());
    this.compileBudget = new CompileBudget(options.compileMsPerSecond ?? 100, this.now);
    this.skipped = new Counter({
      name: "warden_gateway_argument_checks_skipped_total",
      help: "Argument checks (or schema keywords) left to the upstream: schema_refused, pattern_unsupported, too_costly, compile_deferred",
      labelNames: ["reason"],
      registers: options.registry ? [options.registry] : [],
    });
    // Ajv's first compile in a process is several times slower than later ones: pay it at start.
    this.validator.compile({ type: "object", properties: { name: { type: "string", pattern: "^[a-z]+$", format: "email" } } });
  }

  /** Why the arguments do not fit the tool's schema, or null when they do (or cannot be checked). */
  problem(serverId: string, name: string, tool: ToolState, args: Record<string, unknown>): string | null {
    const key = `${serverId}|${name}|${tool.fingerprint}`;
    const entry = this.entryFor(key, tool.inputSchema);
    if (!entry || entry.compiled.kind === "unchecked") return null;
    const verdict = entry.compiled.check(args);
    if (verdict.kind === "invalid") return `Invalid arguments for ${name}: ${verdict.message}`;
    if (verdict.kind === "too_costly") {
      this.skipped.inc({ reason: "too_costly" });
      if (!entry.warnedCost) this.logger.warn({ tool: key }, "arguments too costly to check against the tool's input schema; forwarded unchecked");
      entry.warnedCost = true;
    }
    return null;
  }

  /** The tool's compiled check; undefined when the compile budget says not now. */
  private entryFor(key: string, schema: unknown): Entry | undefined {
    const cached = this.cache.get(key);
    if (cached) return cached;
    if (!this.compileBudget.available()) {
      this.skipped.inc({ reason: "compile_deferred" });
      return undefined;
    }
    const started = this.now();
    const compiled = this.validator.compile(schema);
    const compileMs = Math.round(this.now() - started);
    this.compileBudget.charge(compileMs);
    const entry: Entry = { compiled, warnedCost: false };
    this.cache.set(key, entry, compiled.kind === "checked" ? compiled.nodes : 1);
    if (compiled.kind === "unchecked") {
      this.skipped.inc({ reason: "schema_refused" });
      this.logger.warn({ tool: key, reason: compiled.reason }, "tool input schema not compiled; arguments not checked");
    } else if (compiled.skipped.length > 0) {
      this.skipped.inc({ reason: "pattern_unsupported" }, compiled.skipped.length);
      this.logger.warn({ tool: key, skipped: compiled.skipped }, "parts of a tool input schema are not checked");
    }
    if (compileMs > SLOW_COMPILE_MS) this.logger.warn({ tool: key, compileMs }, "tool input schema was slow to compile");
    return entry;
  }
}
