// The argument check's validator: upstream patterns run on the linear-time engine and agree with
// ECMA-262 ("u" flag) on the patterns schemas really use; catastrophic patterns, oversized or
// exponential schemas and huge arguments never hold the event loop.
import { describe, expect, test } from "vitest";
import { DEFAULT_SCHEMA_LIMITS, SchemaValidator, type ArgumentsVerdict, type CompiledSchema } from "@/gateway/enforce/schema-validator";

const validator = new SchemaValidator();
const evil = "a".repeat(40) + "!";

function checked(schema: unknown): Extract<CompiledSchema, { kind: "checked" }> {
  const compiled = validator.compile(schema);
  if (compiled.kind !== "checked") throw new Error(`not compiled: ${compiled.reason}`);
  return compiled;
}

function verdict(schema: unknown, args: unknown): ArgumentsVerdict["kind"] {
  return checked(schema).check(args).kind;
}

/** Measures a synchronous call: a backtracking engine would take minutes on these inputs. */
function timed<T>(work: () => T): { result: T; ms: number } {
  const started = performance.now();
  const result = work();
  return { result, ms: performance.now() - started };
}

const inputs = [
  "", "a", "abc", "abc-def_1", "ABC", "a b", "a@b.co", "user.name+tag@example.org", "not an email", "2024-02-29", "2024-2-29",
  "https://example.com/x", "ftp://x", "550e8400-e29b-41d4-a716-446655440000", "550E8400-E29B-41D4-A716-446655440000", "my-slug-2",
  "-bad-slug", "+14155552671", "0123", "héllo wörld", "Привет", "日本語", "😀", "a😀b", "x".repeat(255), "x".repeat(256),
  "owner/repo.name", "line\nbreak", "tab\there", "1.2.3", "01.2.3", "US", "foo bar", "foobar", "\u0001", "café", "\u00a0",
];

describe("common ECMA patterns agree with the native engine (u flag)", () => {
  test.each([
    ["identifier", "^[a-z0-9_-]+$"],
    ["email-like", "^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$"],
    ["ISO date", "^\\d{4}-\\d{2}-\\d{2}$"],
    ["letters (property escape)", "^\\p{L}[\\p{L}\\p{N} ]*$"],
    ["not letters (negated property)", "^\\P{L}+$"],
    ["script property", "^\\p{Script=Cyrillic}+$"],
    ["no spaces or at", "^[^\\s@]+@[^\\s@]+$"],
    ["URL prefix", "^https?://"],
    ["UUID", "^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"],
    ["slug (nested repeat)", "^[a-z0-9]+(?:-[a-z0-9]+)*$"],
    ["E.164", "^\\+?[1-9]\\d{1,14}$"],
    ["bounded length", "^.{1,255}$"],
    ["CJK range", "^[\\u4e00-\\u9fff]+$"],
    ["astral escape", "^\\u{1F600}$"],
    ["surrogate-pair escape", "^a\\uD83D\\uDE00b$"],
    ["one code point", "^.$"],
    ["named group", "^(?<major>\\d+)\\.(?<minor>\\d+)\\.(?<patch>\\d+)$"],
    ["word boundary", "\\bfoo\\b"],
    ["owner/repo", "^[\\w.-]+\\/[\\w.-]+$"],
    ["no whitespace", "^\\S+$"],
    ["empty only", "^$"],
    ["semver", "^v?(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)$"],
    ["country code", "^[A-Z]{2}$"],
    ["control characters", "[\\x00-\\x1F]"],
    ["unanchored", "bar"],
    ["escaped dash in class", "^[a\\-z]+$"],
    ["lazy quantifier", "^a.*?b$"],
    ["non-breaking space class", "^\\s$"],
  ])("%s: %s", (_name, pattern) => {
    const compiled = checked({ type: "string", pattern });
    expect(compiled.skipped).toEqual([]);
    const native = new RegExp(pattern, "u");
    for (const input of inputs) expect([input, compiled.check(input).kind]).toEqual([input, native.test(input) ? "valid" : "invalid"]);
  });
});

describe("catastrophic patterns answer at once", () => {
  test.each([
    ["alternation", "^(a|a)+$", { type: "string", pattern: "^(a|a)+$" }, evil],
    ["nested quantifiers", "^(a+)+$", { type: "string", pattern: "^(a+)+$" }, evil],
    ["star of optional", "^(a?){40}a{40}$", { type: "string", pattern: "^(a?){40}a{40}$" }, "a".repeat(39)],
    ["words and spaces", "^(\\w+\\s?)*$", { type: "string", pattern: "^(\\w+\\s?)*$" }, evil],
    ["in an array", "items", { type: "array", items: { type: "string", pattern: "^(a|aa)+$" } }, Array(200).fill(evil)],
    ["as a property name", "propertyNames", { type: "object", propertyNames: { pattern: "^(a+)+$" } }, { [evil]: 1 }],
  ])("%s (%s)", (_name, _pattern, schema, args) => {
    const { result, ms } = timed(() => verdict(schema, args));
    expect(result).toBe("invalid");
    expect(ms).toBeLessThan(1_000);
  });

  test("patternProperties: a catastrophic key pattern is matched linearly", () => {
    const schema = { type: "object", patternProperties: { "^(a|a)+$": { type: "number" } }, additionalProperties: false };
    const { result, ms } = timed(() => checked(schema).check({ [evil]: 1, aaaa: 2 }));
    expect(result).toEqual({ kind: "invalid", message: expect.stringContaining("must NOT have additional properties") });
    expect(verdict(schema, { aaaa: 2 })).toBe("valid");
    expect(verdict(schema, { aaaa: "two" })).toBe("invalid");
    expect(ms).toBeLessThan(1_000);
  });
});

describe("what the linear engine cannot run is left to the upstream, never to RegExp", () => {
  test.each([
    ["lookahead", "^(?=.*\\d).+$"],
    ["negative lookahead", "^(?!admin).*$"],
    ["lookbehind", "(?<=x)y"],
    ["backreference", "^(a)\\1$"],
    ["named backreference", "^(?<q>a)\\k<q>$"],
    ["too long", "a".repeat(DEFAULT_SCHEMA_LIMITS.maxPatternLength + 1)],
    ["too many states", "^(a{0,1000}){0,1000}$"],
  ])("pattern with %s: the keyword is skipped, the rest is checked", (_name, pattern) => {
    const compiled = checked({ type: "object", properties: { x: { type: "string", pattern } }, required: ["x"] });
    expect(compiled.skipped).toEqual([expect.stringContaining('"pattern" at /properties/x')]);
    expect(compiled.check({ x: evil }).kind).toBe("valid");
    expect(compiled.check({}).kind).toBe("invalid");
    expect(compiled.check({ x: 1 }).kind).toBe("invalid");
  });

  test("patternProperties with lookahead: it and additionalProperties are skipped, required still holds", () => {
    const compiled = checked({ type: "object", patternProperties: { "^(?!x)": { type: "number" } }, additionalProperties: false, required: ["a"] });
    expect(compiled.skipped).toEqual([expect.stringContaining('"patternProperties" at /patternProperties')]);
    expect(compiled.check({ a: "text", other: true }).kind).toBe("valid");
    expect(compiled.check({ b: 1 }).kind).toBe("invalid");
  });
});

describe("schemas beyond the bounds are not compiled", () => {
  const wide = { type: "object", properties: Object.fromEntries(Array.from({ length: DEFAULT_SCHEMA_LIMITS.maxNodes + 1 }, (_, i) => [`p${i}`, { type: "string" }])) };
  let deep: unknown = { type: "string" };
  for (let i = 0; i < DEFAULT_SCHEMA_LIMITS.maxDepth + 2; i++) deep = { type: "object", properties: { a: deep } };
  test.each([
    ["too many subschemas", wide, "subschemas"],
    ["too deep", deep, "levels deep"],
    ["too many bytes", { type: "object", description: "x".repeat(DEFAULT_SCHEMA_LIMITS.maxBytes) }, "bytes"],
    ["a remote $ref", { $ref: "https://example.com/schema.json" }, "not a local subschema"],
    ["a $ref into data", { properties: { a: { default: { type: "number" } }, b: { $ref: "#/properties/a/default" } } }, "not a local subschema"],
    ["a $ref by anchor", { $defs: { a: { $anchor: "a" } }, $ref: "#a" }, "not a local subschema"],
    ["a $dynamicRef", { $dynamicRef: "#meta" }, "$dynamicRef"],
    ["a nested $id", { properties: { a: { $id: "https://example.com/a" } } }, "$id"],
    ["not an object", "string", "not an object"],
  ])("%s", (_name, schema, reason) => {
    const compiled = validator.compile(schema);
    expect(compiled).toEqual({ kind: "unchecked", reason: expect.stringContaining(reason) });
  });

  test("a schema at the bounds compiles and checks", () => {
    const atBound = { type: "object", properties: Object.fromEntries(Array.from({ length: DEFAULT_SCHEMA_LIMITS.maxNodes - 1 }, (_, i) => [`p${i}`, { type: "string", pattern: `^[a-z]{1,${(i % 50) + 1}}$` }])) };
    const { result, ms } = timed(() => checked(atBound));
    expect(result.check({ p0: "a", p49: "abc" }).kind).toBe("valid");
    expect(result.check({ p0: "ab" }).kind).toBe("invalid");
    expect(ms).toBeLessThan(5_000);
  });
});

describe("validation work is bounded", () => {
  test("a chain of $refs that doubles at each level runs out of budget instead of 2^30 steps", () => {
    const $defs: Record<string, unknown> = { d30: { type: "string" } };
    for (let i = 29; i >= 0; i--) $defs[`d${i}`] = { allOf: [{ $ref: `#/$defs/d${i + 1}` }, { $ref: `#/$defs/d${i + 1}` }] };
    const { result, ms } = timed(() => verdict({ $defs, $ref: "#/$defs/d0" }, "x"));
    expect(result).toBe("too_costly");
    expect(ms).toBeLessThan(5_000);
  });

  test("a huge argument against a pattern stops at the budget", () => {
    const { result } = timed(() => verdict({ type: "string", pattern: "^[a-z]+$" }, "a".repeat(4_000_000)));
    expect(result).toBe("too_costly");
    expect(verdict({ type: "string", pattern: "^[a-z]+$" }, "a".repeat(20_000))).toBe("valid");
  });

  test("a recursive schema validates a tree", () => {
    const tree = { $defs: { node: { type: "object", properties: { name: { type: "string", pattern: "^[a-z]+$" }, children: { type: "array", items: { $ref: "#/$defs/node" } } }, required: ["name"] } }, $ref: "#/$defs/node" };
    expect(verdict(tree, { name: "root", children: [{ name: "leaf", children: [] }] })).toBe("valid");
    expect(verdict(tree, { name: "root", children: [{ name: "Leaf" }] })).toBe("invalid");
  });

  test("the refusal names at most five errors and stays short", () => {
    const result = checked({ type: "array", items: { type: "string", pattern: "^(a|a)+$" } }).check(Array(100).fill(evil));
    expect(result).toEqual({ kind: "invalid", message: expect.stringMatching(/^data\/0 must match pattern "\^\(a\|a\)\+\$".*\(and 95 more\)$/) });
  });
});

describe("everyday schemas still work", () => {
  test.each([
    ["formats", { type: "object", properties: { email: { type: "string", format: "email" }, at: { type: "string", format: "date-time" }, uri: { type: "string", format: "uri" } } }, { email: "a@b.co", at: "2024-01-01T00:00:00Z", uri: "https://x.y/z" }, { email: "nope" }],
    ["a draft 2020-12 $schema", { $schema: "https://json-schema.org/draft/2020-12/schema", type: "object", required: ["a"] }, { a: 1 }, {}],
    ["a keyword named __proto__ stays a key", JSON.parse('{"type":"object","properties":{"a":{"type":"number"}},"__proto__":{"required":["b"]}}'), { a: 1 }, { a: "x" }],
    ["a pydantic-style $defs", { $defs: { Item: { type: "object", properties: { id: { type: "string", pattern: "^\\d+$" } } } }, type: "object", properties: { item: { $ref: "#/$defs/Item" } } }, { item: { id: "12" } }, { item: { id: "x" } }],
    ["a property named pattern", { type: "object", properties: { pattern: { type: "string" }, const: { type: "number" } } }, { pattern: "x", const: 1 }, { pattern: 1 }],
  ])("%s", (_name, schema, good, bad) => {
    expect(verdict(schema, good)).toBe("valid");
    expect(verdict(schema, bad)).toBe("invalid");
  });

  test("two schemas with the same $id stay apart", () => {
    const a = checked({ $id: "https://example.com/s", type: "object", required: ["a"] });
    const b = checked({ $id: "https://example.com/s", type: "object", required: ["b"] });
    expect([a.check({ a: 1 }).kind, b.check({ a: 1 }).kind]).toEqual(["valid", "invalid"]);
  });
});
