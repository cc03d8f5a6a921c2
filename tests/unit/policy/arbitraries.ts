/** fast-check generators of valid policy documents, calls and contexts. */
import fc from "fast-check";

export const TOOL_NAMES = ["get_run", "get_runs", "set_run_tag", "set_experiment_tag", "delete_run", "delete_experiment", "health", "search_runs"];
export const ARG_NAMES = ["experiment_id", "key", "value", "limit", "tags.env", "run_ids"];

const scalar = fc.oneof(
  fc.constantFrom("1", "2", "dev", "prod", "team.x", ""),
  fc.integer({ min: -5, max: 200 }),
  fc.boolean(),
  fc.constant(null),
);

// "__proto__" is refused by the schema (see schema.test.ts), so it is left out here.
export const toolName = fc.oneof(fc.constantFrom(...TOOL_NAMES), fc.stringMatching(/^[a-z_]{1,10}$/).filter((n) => n !== "__proto__"));

/** Exact names, or patterns cut from them ("set_*", "*_tag", "get_ru?"). */
export const toolKey = fc.oneof(
  toolName,
  fc.tuple(fc.constantFrom(...TOOL_NAMES), fc.nat(10), fc.constantFrom("*", "?")).map(([name, cut, wildcard]) => name.slice(0, cut % (name.length + 1)) + wildcard),
  fc.constantFrom("*", "*_tag", "delete_*"),
);

export const condition = fc.oneof(
  fc.record({ arg: fc.constantFrom(...ARG_NAMES), op: fc.constantFrom("eq", "neq"), value: scalar }),
  fc.record({ arg: fc.constantFrom(...ARG_NAMES), op: fc.constantFrom("in", "not_in"), value: fc.array(scalar, { minLength: 1, maxLength: 4 }) }),
  fc.record({ arg: fc.constantFrom(...ARG_NAMES), op: fc.constantFrom("lt", "lte", "gt", "gte"), value: fc.integer({ min: -5, max: 200 }) }),
  fc.record({ arg: fc.constantFrom(...ARG_NAMES), op: fc.constant("regex"), value: fc.constantFrom("^d", "x$", "team\\.", "^\\d+$", "prod|dev") }),
  fc.record({ arg: fc.constantFrom(...ARG_NAMES), op: fc.constant("contains"), value: fc.constantFrom("d", "1", 1, true) }),
  fc.record({ arg: fc.constantFrom(...ARG_NAMES), op: fc.constant("exists"), value: fc.boolean() }, { requiredKeys: ["arg", "op"] }),
);

export const limit = fc.record(
  {
    counter: fc.constantFrom("a", "b", "c"),
    window: fc.oneof(fc.constantFrom("second", "minute", "hour", "day"), fc.integer({ min: 1, max: 86400 })),
    max: fc.integer({ min: 0, max: 100 }),
    scope: fc.constantFrom("grant", "server", "organization"),
  },
  { requiredKeys: ["counter", "window", "max"] },
);

export const entry = fc
  .record(
    {
      action: fc.constantFrom("allow", "deny", "hide", "require_approval"),
      reason: fc.constantFrom("Because.", "Ask a person."),
      limits: fc.array(limit, { maxLength: 3 }),
      when: fc.array(condition, { maxLength: 3 }),
      deny_if: fc.array(condition, { maxLength: 3 }),
    },
    { requiredKeys: [] },
  )
  .chain((e) =>
    e.action === "require_approval"
      ? fc.option(fc.constantFrom("30s", "10m", "1h", 120), { nil: undefined }).map((timeout) => (timeout === undefined ? e : { ...e, approval: { timeout } }))
      : fc.constant(e),
  );

export const document = fc.record(
  {
    version: fc.constant("1"),
    default: fc.constantFrom("allow", "deny"),
    tools: fc.dictionary(toolKey, entry, { maxKeys: 6 }),
    all_tools: fc.record({ limits: fc.array(limit, { maxLength: 2 }) }),
  },
  { requiredKeys: ["version", "default"] },
);

export const args = fc.dictionary(
  fc.constantFrom("experiment_id", "key", "value", "limit", "run_ids", "tags"),
  fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.record({ env: scalar })),
  { maxKeys: 5 },
);

export const call = fc.record({ tool: toolName, args });

export const evaluationContext = fc.record({
  orgId: fc.constantFrom("org_1", "org_2"),
  serverId: fc.constantFrom("srv_1", "srv_2"),
  grantId: fc.constantFrom("grt_1", "grt_2"),
  now: fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
});
