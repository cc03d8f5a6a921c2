import { compilePolicy, parsePolicy, type CompiledPolicy, type EvaluationContext } from "@/lib/policy";

/** Parses and compiles, failing the test with the pointer errors when the document is invalid. */
export function compile(document: unknown): CompiledPolicy {
  const parsed = parsePolicy(document);
  if (!parsed.ok) throw new Error(`invalid test policy: ${JSON.stringify(parsed.errors)}`);
  return compilePolicy(parsed.policy);
}

export const T0 = Date.UTC(2026, 10, 25, 12, 34, 56, 789);

export function context(overrides: Partial<EvaluationContext> = {}): EvaluationContext {
  return { orgId: "org_1", serverId: "srv_1", grantId: "grt_1", now: T0, ...overrides };
}

export { SEED_POLICY } from "@/tests/helpers/seed-policy";
