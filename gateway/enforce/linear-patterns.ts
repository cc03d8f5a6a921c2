// The regex engine Ajv is given for `pattern` and `patternProperties`: the policy engine's
// Thompson NFA read as ECMA-262 with the "u" flag, so an upstream's pattern runs in time linear
// in the argument, whatever it is. Ajv never falls back to the native RegExp: a pattern the
// linear engine cannot run (backreferences, lookaround) is reported, and the schema is rewritten
// without it (see prepare-schema.ts) before Ajv compiles.
import type { RegExpEngine, RegExpLike } from "ajv/dist/types";
import { LinearRegex } from "@/lib/policy/regex-nfa";
import { parseRegex, RegexSyntaxError, SCHEMA_FLAVOR } from "@/lib/policy/regex-parse";
import type { WorkMeter } from "@/gateway/enforce/work-meter";

export type PatternLimits = { maxPatternLength: number; maxPatternStates: number };

/** The patterns of one schema, each compiled once: the walk checks them, Ajv then uses them. */
export class LinearPatterns {
  private readonly compiled = new Map<string, LinearRegex | string>();

  constructor(
    private readonly limits: PatternLimits,
    private readonly meter: WorkMeter,
  ) {}

  /** Why the linear engine cannot run `pattern` ("the pattern …"), or null when it can. */
  problem(pattern: string): string | null {
    const regex = this.compile(pattern);
    return typeof regex === "string" ? regex : null;
  }

  /** The engine for Ajv's `code.regExp` option. */
  engine(): RegExpEngine {
    const engine = (pattern: string): RegExpLike => {
      const regex = this.compile(pattern);
      // Reached only for a pattern the walk did not see; failing the compile leaves the tool unchecked.
      if (typeof regex === "string") throw new Error(`the linear regex engine cannot run a pattern: ${regex}`);
      const meter = this.meter;
      // Ajv keys compiled patterns by toString(): it must differ between patterns.
      return { test: (input: string) => regex.test(input, meter), toString: () => `/${pattern}/u` } as RegExpLike;
    };
    engine.code = "linearRegExp";
    return engine;
  }

  private compile(pattern: string): LinearRegex | string {
    let regex = this.compiled.get(pattern);
    if (regex === undefined) {
      regex = this.build(pattern);
      this.compiled.set(pattern, regex);
    }
    return regex;
  }

  private build(pattern: string): LinearRegex | string {
    const { maxPatternLength, maxPatternStates } = this.limits;
    if (pattern.length > maxPatternLength) return `the pattern is ${pattern.length} characters long; the limit is ${maxPatternLength}`;
    try {
      return new LinearRegex(parseRegex(pattern, SCHEMA_FLAVOR), { unicode: true, maxStates: maxPatternStates });
    } catch (error) {
      if (error instanceof RegexSyntaxError) return `the pattern ${error.message}`;
      throw error;
    }
  }
}
