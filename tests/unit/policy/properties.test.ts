import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { compilePolicy, evaluate, filterTools, parsePolicy, type PolicyDocument } from "@/lib/policy";
import * as arb from "./arbitraries";

function parsed(input: unknown): PolicyDocument {
  const result = parsePolicy(input);
  if (!result.ok) throw new Error(`generator made an invalid document: ${JSON.stringify(result.errors)}`);
  return result.policy;
}

describe("properties", () => {
  test("generated documents are valid", () => {
    fc.assert(
      fc.property(arb.document, (doc) => {
        expect(parsePolicy(doc).ok).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test("a call matching a deny_if is never allowed, whatever else the rule says", () => {
    fc.assert(
      fc.property(arb.entry, arb.condition, arb.args, arb.evaluationContext, fc.constantFrom("set_run_tag", "set_*", "*"), (entry, denyIf, args, ctx, key) => {
        const holds = evaluate(compilePolicy(parsed({ version: "1", default: "deny", tools: { set_run_tag: { when: [denyIf] } } })), { tool: "set_run_tag", args }, ctx);
        fc.pre(holds.kind === "allow");
        const withDenyIf = { ...entry, deny_if: [...(entry.deny_if ?? []), denyIf] };
        const policy = compilePolicy(parsed({ version: "1", default: "allow", tools: { [key]: withDenyIf } }));
        const decision = evaluate(policy, { tool: "set_run_tag", args }, ctx);
        expect(["deny", "hide"]).toContain(decision.kind);
      }),
      { numRuns: 500 },
    );
  });

  test("a hidden tool, or one default deny leaves unnamed, never appears in filterTools", () => {
    fc.assert(
      fc.property(arb.document, fc.uniqueArray(arb.toolName, { maxLength: 12 }), arb.evaluationContext, (doc, names, ctx) => {
        const policy = compilePolicy(parsed(doc));
        const listed = new Set(filterTools(policy, names.map((name) => ({ name }))).map((t) => t.name));
        for (const name of names) {
          const hidden = evaluate(policy, { tool: name, args: {} }, ctx).kind === "hide";
          expect(listed.has(name)).toBe(!hidden);
          if (doc.tools && Object.hasOwn(doc.tools, name) && doc.tools[name]!.action === "hide") expect(listed.has(name)).toBe(false);
          if (doc.default === "deny" && !Object.keys(doc.tools ?? {}).some((k) => k === name || k.includes("*") || k.includes("?"))) {
            expect(listed.has(name)).toBe(false);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  test("evaluation is deterministic: same inputs, same decision, from any compile of the document", () => {
    fc.assert(
      fc.property(arb.document, arb.call, arb.evaluationContext, (doc, call, ctx) => {
        const document = parsed(doc);
        const first = evaluate(compilePolicy(document), call, ctx);
        const policy = compilePolicy(document);
        expect(evaluate(policy, call, ctx)).toEqual(first);
        expect(evaluate(policy, call, ctx)).toEqual(first);
        expect(evaluate(policy, structuredClone(call), { ...ctx, now: new Date(ctx.now) })).toEqual(first);
      }),
      { numRuns: 300 },
    );
  });

  test("a document that parses round-trips through JSON unchanged in meaning", () => {
    fc.assert(
      fc.property(arb.document, fc.array(arb.call, { minLength: 1, maxLength: 5 }), arb.evaluationContext, (doc, calls, ctx) => {
        const document = parsed(doc);
        const again = parsed(JSON.parse(JSON.stringify(document)));
        expect(again).toEqual(document);
        const before = compilePolicy(document);
        const after = compilePolicy(again);
        for (const call of calls) expect(evaluate(after, call, ctx)).toEqual(evaluate(before, call, ctx));
      }),
      { numRuns: 300 },
    );
  });

  test("a decision is JSON data", () => {
    fc.assert(
      fc.property(arb.document, arb.call, arb.evaluationContext, (doc, call, ctx) => {
        const decision = evaluate(compilePolicy(parsed(doc)), call, ctx);
        expect(JSON.parse(JSON.stringify(decision))).toEqual(decision);
        expect(decision.explanation.length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });
});
