/**
 * The decision for one call: a pure function of the compiled policy, the call and the
 * context (time included), with no I/O, clock or randomness, so the gateway and the
 * builder's simulator decide identically.
 */
import { resolveRule } from "./compile-policy";
import { ConditionError } from "./conditions";
import {
  allowDecision,
  badArgumentsDecision,
  conditionErrorDecision,
  denyByActionDecision,
  denyByConditionDecision,
  failClosedDecision,
  hideDecision,
} from "./decisions";
import { chargesFor } from "./limits";
import type { CompiledPolicy, Decision, EvaluationContext, ToolCall } from "./types";

const NO_ARGS: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

export function epochMs(now: Date | number): number {
  const ms = typeof now === "number" ? now : now instanceof Date ? now.getTime() : NaN;
  if (!Number.isFinite(ms)) throw new Error("the context's time (now) is not a valid instant");
  return ms;
}

function argsObject(args: unknown): Record<string, unknown> | null {
  if (args === undefined || args === null) return NO_ARGS;
  if (typeof args !== "object" || Array.isArray(args)) return null;
  return args as Record<string, unknown>;
}

function decide(policy: CompiledPolicy, call: ToolCall, context: EvaluationContext): Decision {
  if (typeof call?.tool !== "string") throw new Error("the call has no tool name");
  const nowMs = epochMs(context.now);
  const rule = resolveRule(policy, call.tool);
  if (rule.action === "hide" || rule.action === "unlisted") return hideDecision(rule, call.tool);
  if (rule.action === "deny") return denyByActionDecision(rule);
  const args = argsObject(call.args);
  if (args === null) return badArgumentsDecision(rule);
  // deny_if first: a match denies whatever `when` says.
  for (const condition of rule.denyIf) {
    if (condition.holds(args)) return denyByConditionDecision(rule, condition, "deny_if");
  }
  for (const condition of rule.when) {
    if (!condition.holds(args)) return denyByConditionDecision(rule, condition, "when");
  }
  const charges = chargesFor(rule.limits, context, nowMs);
  if (rule.action === "require_approval") {
    const standing = rule.allowIdenticalSeconds > 0 ? `; the approver may allow identical calls for up to ${rule.allowIdenticalSeconds} s` : "";
    const explanation = `Needs approval by ${rule.ruleId} within ${rule.timeoutSeconds} s${standing}${rule.limitsText}`;
    return { kind: "approve", timeoutSeconds: rule.timeoutSeconds, mode: rule.approvalMode, ruleId: rule.ruleId, charges, allowIdenticalSeconds: rule.allowIdenticalSeconds, explanation };
  }
  return allowDecision(rule, call.tool, charges);
}

export function evaluate(policy: CompiledPolicy, call: ToolCall, context: EvaluationContext): Decision {
  try {
    return decide(policy, call, context);
  } catch (error) {
    // The argument cannot be checked with certainty: a refusal by that condition, not an internal fault.
    if (error instanceof ConditionError) return conditionErrorDecision(error);
    return failClosedDecision(error);
  }
}
