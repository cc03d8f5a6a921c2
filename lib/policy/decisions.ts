/** Builders for decisions, so that every decision of a kind carries the same explanation shape. */
import { describeValue, type ConditionError } from "./conditions";
import { describeLimit } from "./limits";
import type { AllowDecision, Charge, CompiledCondition, CompiledRule, RefusalDecision } from "./types";

const quoted = (tool: string) => describeValue(tool, 130);

export function allowDecision(rule: CompiledRule, tool: string, charges: Charge[]): AllowDecision {
  const explanation =
    rule.key === null
      ? `Allowed: no rule names ${quoted(tool)} and the policy's default is allow${rule.limitsText}`
      : `Allowed by ${rule.ruleId}${rule.limitsText}`;
  return { kind: "allow", charges, ruleId: rule.ruleId, explanation };
}

export function hideDecision(rule: CompiledRule, tool: string): RefusalDecision {
  const reason = `Unknown tool: ${quoted(tool)}`;
  const explanation =
    rule.key === null
      ? `Hidden: no rule names ${quoted(tool)} and the policy's default is deny, so the tool is treated as unknown`
      : `Hidden by ${rule.ruleId}: the tool is treated as unknown`;
  return { kind: "hide", reason, ruleId: rule.ruleId, explanation };
}

export function denyByActionDecision(rule: CompiledRule): RefusalDecision {
  const reason = rule.reason ?? "This tool is denied by policy.";
  return { kind: "deny", reason, ruleId: rule.ruleId, explanation: `Denied by ${rule.ruleId}: ${reason}` };
}

export function denyByConditionDecision(rule: CompiledRule, condition: CompiledCondition, kind: "deny_if" | "when"): RefusalDecision {
  const what =
    kind === "deny_if"
      ? `the arguments match a deny condition (${condition.text})`
      : `the arguments do not meet a required condition (${condition.text})`;
  const reason = rule.reason ?? `Denied because ${what}.`;
  return { kind: "deny", reason, ruleId: condition.ruleId, explanation: `Denied by ${condition.ruleId}: ${what}` };
}

export function badArgumentsDecision(rule: CompiledRule): RefusalDecision {
  const reason = "The call's arguments must be a JSON object.";
  const explanation = `Denied by ${rule.ruleId}: the call's arguments are not a JSON object`;
  return { kind: "deny", reason, ruleId: rule.ruleId, explanation };
}

/** The refusal to give when a charge's counter is full (used by the gateway and the simulator). */
export function refusedByLimit(charge: Charge, used?: number): RefusalDecision {
  const limit = describeLimit(charge);
  const usage = used === undefined ? "" : `, ${used} used`;
  return {
    kind: "deny",
    reason: `Rate limit reached: ${limit}. Retry after ${charge.resetAt}.`,
    ruleId: charge.ruleId,
    retryAt: charge.resetAt,
    explanation: `Denied by ${charge.ruleId}: limit ${limit} is full${usage}; the window resets at ${charge.resetAt}`,
  };
}

/** A condition could not be decided for these arguments (ambiguous path, text too long): deny. */
export function conditionErrorDecision(error: ConditionError): RefusalDecision {
  const by = error.ruleId === null ? "" : ` by ${error.ruleId}`;
  return { kind: "deny", reason: `Denied: ${error.message}.`, ruleId: error.ruleId, explanation: `Denied${by}: ${error.message}` };
}

/** Evaluation failed: deny, and say so, rather than let an error open the gate. */
export function failClosedDecision(error: unknown): RefusalDecision {
  const detail = error instanceof Error ? error.message : String(error);
  return {
    kind: "deny",
    reason: "The policy could not be evaluated for this call, so it was denied.",
    ruleId: null,
    internalError: true,
    explanation: `Denied to fail closed: evaluation failed (${detail})`,
  };
}
