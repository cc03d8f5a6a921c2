/**
 * The policy document, version 1: the single source of truth that the builder, the REST API
 * and the gateway validate with. Every object is strict, because a misspelt key that was
 * silently ignored could quietly weaken a policy.
 *
 * Besides tools, an agent can read resources and fetch prompts. Both are decided by the same
 * `default` unless their own section says otherwise:
 *
 *   "resources": { "default": "deny", "uris": { "mlflow://experiments/*": { "action": "allow" } } }
 *   "prompts":   { "names": { "audit_*": { "action": "hide" } } }
 *
 * Keys under `uris` are resource URIs or URI patterns where `*` matches any run of characters
 * ("?" is a URI's own character there, not a wildcard); keys under `names` are prompt names or
 * patterns as for tools. An entry's `action` is "allow" (the default), "deny" or "hide"; a
 * resource or prompt cannot wait for approval. Limits count resources/read and prompts/get.
 */
import { z } from "zod";
import { checkRegexPattern } from "@/lib/policy/safe-regex";
import { formatPolicyIssues, type PolicyError } from "@/lib/policy/schema-errors";

export const TOOL_ACTIONS = ["allow", "deny", "hide", "require_approval"] as const;
export const ACCESS_ACTIONS = ["allow", "deny", "hide"] as const;
export const CONDITION_OPS = ["eq", "neq", "in", "not_in", "lt", "lte", "gt", "gte", "regex", "contains", "exists"] as const;
export const WINDOW_NAMES = ["second", "minute", "hour", "day"] as const;
export const LIMIT_SCOPES = ["grant", "server", "organization"] as const;
export const WINDOW_SECONDS = { second: 1, minute: 60, hour: 3600, day: 86400 } as const;
export const MAX_WINDOW_SECONDS = 366 * 86400;
export const MAX_APPROVAL_SECONDS = 7 * 86400;
export const DEFAULT_APPROVAL_SECONDS = 600;
const DURATION_UNITS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/** Zod's error option: "is required: …" when the key is missing, "must be …" otherwise. */
const expect = (expected: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? `is required: ${expected}` : `must be ${expected}`),
});
const oneOf = (values: readonly string[]) => values.map((v) => `"${v}"`).join(", ").replace(/, ([^,]*)$/, " or $1");

const toolKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_.\-/:@*?]{1,128}$/, {
    error: "is not a valid tool name or pattern: use 1 to 128 letters, digits, _ - . / : @, with * or ? as wildcards",
  });

/** Zod drops a "__proto__" key from records without a word; refusing it beats losing the rule silently. */
function refuseProtoKey(value: unknown, ctx: { addIssue(issue: z.core.$ZodRawIssue): void }): unknown {
  if (typeof value === "object" && value !== null && Object.hasOwn(value, "__proto__")) {
    ctx.addIssue({ code: "custom", input: value, path: ["__proto__"], message: "is a name JavaScript reserves and cannot be used as a key here" });
  }
  return value;
}

const counterNameSchema = z
  .string(expect("a counter name"))
  .regex(/^[A-Za-z0-9_.:-]{1,64}$/, { error: "must be a counter name: 1 to 64 letters, digits, _ . : or -" });

const windowText = `${WINDOW_NAMES.map((w) => `"${w}"`).join(", ")}, or a whole number of seconds from 1 to ${MAX_WINDOW_SECONDS}`;
// One message for every wrong window, rather than one per branch of the union.
export const windowSchema = z.union([z.enum(WINDOW_NAMES), z.number()], expect(windowText)).superRefine((window, ctx) => {
  if (typeof window === "number" && !(Number.isInteger(window) && window >= 1 && window <= MAX_WINDOW_SECONDS)) {
    ctx.addIssue({ code: "custom", message: `must be ${windowText}` });
  }
});

export const limitSchema = z.strictObject({
  counter: counterNameSchema,
  window: windowSchema,
  max: z
    .number(expect("a whole number ≥ 0"))
    .int({ error: "must be a whole number ≥ 0" })
    .min(0, { error: "must be a whole number ≥ 0" })
    .max(1_000_000_000, { error: "must be at most 1,000,000,000" }),
  scope: z.enum(LIMIT_SCOPES, expect(oneOf(LIMIT_SCOPES))).optional(),
});

const scalar = (v: unknown) => v === null || ["string", "number", "boolean"].includes(typeof v);

function describeRegexProblem(pattern: string): string | null {
  const problem = checkRegexPattern(pattern);
  return problem ? `must be a safe regular expression: ${problem}` : null;
}

/** What `value` a condition's op needs; returns a message for the value's pointer, or null. */
function checkConditionValue(op: (typeof CONDITION_OPS)[number], value: unknown): string | null {
  const has = value !== undefined;
  switch (op) {
    case "eq":
    case "neq":
      return has ? null : `is required for op "${op}": the value to compare with`;
    case "in":
    case "not_in":
      if (!Array.isArray(value) || value.length === 0 || value.length > 1000 || !value.every(scalar)) {
        return `must be a list of 1 to 1000 values (strings, numbers, true/false or null) for op "${op}"`;
      }
      return null;
    case "lt":
    case "lte":
    case "gt":
    case "gte":
      return typeof value === "number" && Number.isFinite(value) ? null : `must be a number for op "${op}"`;
    case "regex":
      if (typeof value !== "string") return 'must be a regular expression (a string) for op "regex"';
      return describeRegexProblem(value);
    case "contains":
      return has && scalar(value) && value !== null ? null : 'must be a string, number or true/false for op "contains"';
    case "exists":
      return !has || typeof value === "boolean" ? null : 'must be true or false for op "exists" (or left out, meaning true)';
  }
}

export const conditionSchema = z
  .strictObject({
    arg: z
      .string(expect('an argument path such as "experiment_id" or "tags.env"'))
      .regex(/^[^.\s]+(\.[^.\s]+)*$/, { error: 'must be an argument path such as "experiment_id" or "tags.env"' })
      .max(200, { error: "must be at most 200 characters" }),
    op: z.enum(CONDITION_OPS, expect(`one of ${oneOf(CONDITION_OPS)}`)),
    value: z.json().optional(),
  })
  .superRefine((condition, ctx) => {
    const problem = checkConditionValue(condition.op, condition.value);
    if (problem) ctx.addIssue({ code: "custom", message: problem, path: ["value"] });
  });

const durationText = 'a duration such as "30s", "10m", "2h", "1d", or a whole number of seconds, at most 7 days';
export const durationSchema = z.union([z.string(), z.number()], expect(durationText)).superRefine((duration, ctx) => {
  const wellFormed = typeof duration === "number" ? Number.isInteger(duration) && duration >= 1 : /^[1-9]\d{0,6}[smhd]$/.test(duration);
  if (!wellFormed || durationSeconds(duration) > MAX_APPROVAL_SECONDS) {
    ctx.addIssue({ code: "custom", message: `must be ${durationText}` });
  }
});

/** Seconds in a duration that passed durationSchema ("10m" → 600). */
export function durationSeconds(duration: string | number): number {
  if (typeof duration === "number") return duration;
  return Number(duration.slice(0, -1)) * DURATION_UNITS[duration.slice(-1) as keyof typeof DURATION_UNITS];
}

export const APPROVAL_MODES = ["auto", "hold", "retry"] as const;
export type ApprovalMode = (typeof APPROVAL_MODES)[number];

/**
 * How a call waits for its approval. "hold": the request stays open (progress notifications)
 * until a person decides. "retry": the agent is answered at once with the approval's id and page,
 * and the identical call retried after approval goes through once. "auto" (the default): hold when
 * the client sent a progress token (it can reset its timeout on progress), else retry. Whatever
 * the mode, a task-augmented call (MCP tasks) becomes a task that runs after approval; and where
 * the mode answers at once (retry), a client that declared `elicitation.url` gets that answer as
 * MCP's URLElicitationRequiredError (-32042) naming the approval page.
 * `allow_identical_for`: the person who approves may also allow identical calls (same grant, tool,
 * canonical arguments and policy version) for up to this long without asking again; without it,
 * every call is approved on its own.
 */
export const approvalSchema = z.strictObject(
  {
    timeout: durationSchema,
    mode: z.enum(APPROVAL_MODES, expect(oneOf(APPROVAL_MODES))).optional(),
    allow_identical_for: durationSchema.optional(),
  },
  expect('an object such as { "timeout": "10m", "mode": "auto" }'),
);

const conditionsSchema = z.array(conditionSchema, expect("a list of conditions")).max(100, {
  error: "must hold at most 100 conditions",
});
const limitsSchema = z.array(limitSchema, expect("a list of limits")).max(20, { error: "must hold at most 20 limits" });

const reasonSchema = z.string(expect("a text")).min(1, { error: "must not be empty" }).max(500, { error: "must be at most 500 characters" });

export const toolEntrySchema = z
  .strictObject(
    {
      action: z.enum(TOOL_ACTIONS, expect(oneOf(TOOL_ACTIONS))).optional(),
      reason: reasonSchema.optional(),
      limits: limitsSchema.optional(),
      when: conditionsSchema.optional(),
      deny_if: conditionsSchema.optional(),
      approval: approvalSchema.optional(),
    },
    expect("an object (a tool rule)"),
  )
  .superRefine((entry, ctx) => {
    // Without this, {"approval": …} with no action would silently allow the tool unapproved.
    if (entry.approval && entry.action !== "require_approval") {
      ctx.addIssue({ code: "custom", path: ["approval"], message: 'only applies when "action" is "require_approval"' });
    }
  });

const resourceKeySchema = z
  .string()
  .max(1024, { error: "must be at most 1024 characters" })
  // A scheme (or a pattern standing for one), a colon, then no spaces or control characters.
  .regex(/^(\*|[A-Za-z*][A-Za-z0-9+.\-*]*:[^\s\p{Cc}]*)$/u, {
    error: 'is not a resource URI or pattern: use a URI such as "mlflow://experiments/1" or a pattern such as "mlflow://experiments/*"',
  });
const promptKeySchema = z.string().regex(/^[A-Za-z0-9_.\-/:@*?]{1,128}$/, {
  error: "is not a valid prompt name or pattern: use 1 to 128 letters, digits, _ - . / : @, with * or ? as wildcards",
});

/** An entry under `resources.uris` or `prompts.names`: the tool actions that make sense without a tool call. */
function accessEntrySchema(thing: "resource" | "prompt") {
  const actionText = oneOf(ACCESS_ACTIONS);
  const action = z.enum(ACCESS_ACTIONS, {
    error: (issue: { input?: unknown }) =>
      issue.input === "require_approval"
        ? `cannot be "require_approval": approval holds tool calls only; a ${thing} can be ${actionText}`
        : `must be ${actionText}`,
  });
  return z.strictObject({ action: action.optional(), reason: reasonSchema.optional(), limits: limitsSchema.optional() }, expect(`an object (a ${thing} rule)`));
}

/** The rules of a `resources` or `prompts` section, by URI / name or pattern. */
function accessRulesSchema(keySchema: z.ZodString, thing: "resource" | "prompt", keys: string) {
  return z
    .preprocess(
      refuseProtoKey,
      z
        .record(keySchema, accessEntrySchema(thing), expect(`an object mapping ${thing} ${keys} or patterns to rules`))
        .refine((rules) => Object.keys(rules).length <= 2000, { error: `must name at most 2000 ${thing} ${keys} or patterns` }),
    )
    .optional();
}

// Each section's own `default` (else the document's) decides what its rules do not name.
const sectionDefault = z.enum(["allow", "deny"], expect('"allow" or "deny"')).optional();
export const resourcesSectionSchema = z.strictObject(
  { default: sectionDefault, uris: accessRulesSchema(resourceKeySchema, "resource", "URIs") },
  expect('an object such as { "default": "deny", "uris": { "mlflow://experiments/*": { "action": "allow" } } }'),
);
export const promptsSectionSchema = z.strictObject(
  { default: sectionDefault, names: accessRulesSchema(promptKeySchema, "prompt", "names") },
  expect('an object such as { "default": "deny", "names": { "find_best_run": { "action": "allow" } } }'),
);

export const policyDocumentSchema = z.strictObject(
  {
    version: z.literal("1", expect('"1"')),
    default: z.enum(["allow", "deny"], expect('"allow" or "deny"')),
    tools: z
      .preprocess(
        refuseProtoKey,
        z
          .record(toolKeySchema, toolEntrySchema, expect("an object mapping tool names or patterns to rules"))
          .refine((tools) => Object.keys(tools).length <= 2000, { error: "must name at most 2000 tools or patterns" }),
      )
      .optional(),
    all_tools: z.strictObject({ limits: limitsSchema }, expect("an object with a list of limits")).optional(),
    resources: resourcesSectionSchema.optional(),
    prompts: promptsSectionSchema.optional(),
  },
  expect("a JSON object (a policy document)"),
);

export type PolicyDocument = z.infer<typeof policyDocumentSchema>;
export type ToolEntry = z.infer<typeof toolEntrySchema>;
export type AccessEntry = NonNullable<NonNullable<PolicyDocument["resources"]>["uris"]>[string];
export type AccessAction = (typeof ACCESS_ACTIONS)[number];
export type Limit = z.infer<typeof limitSchema>;
export type Condition = z.infer<typeof conditionSchema>;
export type ConditionOp = (typeof CONDITION_OPS)[number];
export type ToolAction = (typeof TOOL_ACTIONS)[number];
export type LimitScope = (typeof LIMIT_SCOPES)[number];
export type { PolicyError };

export type ParsePolicyResult = { ok: true; policy: PolicyDocument } | { ok: false; errors: PolicyError[] };

/** Validates any JSON value as a policy document; every error names its JSON Pointer. */
export function parsePolicy(input: unknown): ParsePolicyResult {
  const result = policyDocumentSchema.safeParse(input);
  if (result.success) return { ok: true, policy: result.data };
  return { ok: false, errors: formatPolicyIssues(result.error.issues) };
}
