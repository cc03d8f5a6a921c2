/**
 * The builder's simulator: the gateway's decision for a call, given how many calls each
 * counter's current window already holds. Same evaluator, plus the check the gateway's
 * atomic SQL makes.
 */
import { refusedByLimit } from "./decisions";
import { evaluate } from "./evaluate";
import { evaluateAccess } from "./evaluate-access";
import type { AccessRequest, Charge, CompiledPolicy, Decision, EvaluationContext, ToolCall } from "./types";

export interface SimulationState {
  /** Calls already in the current window, by counter name (or by full counterKey, which wins). */
  usedByCounter: Readonly<Record<string, number>>;
}

function usedBy(state: SimulationState, charge: Charge): number {
  const byKey = state.usedByCounter[charge.counterKey];
  if (byKey !== undefined) return byKey;
  return Object.hasOwn(state.usedByCounter, charge.counter) ? (state.usedByCounter[charge.counter] ?? 0) : 0;
}

export function simulate(policy: CompiledPolicy, call: ToolCall, context: EvaluationContext, state: SimulationState): Decision {
  return withUsage(evaluate(policy, call, context), state);
}

/** The simulator for a resources/read or prompts/get. */
export function simulateAccess(policy: CompiledPolicy, request: AccessRequest, context: EvaluationContext, state: SimulationState): Decision {
  return withUsage(evaluateAccess(policy, request, context), state);
}

function withUsage(decision: Decision, state: SimulationState): Decision {
  if (decision.kind !== "allow" && decision.kind !== "approve") return decision;
  let refusing: { charge: Charge; used: number } | null = null;
  for (const charge of decision.charges) {
    const used = usedBy(state, charge);
    // When several limits are full, a retry works only once the last of them resets.
    if (used >= charge.max && (refusing === null || charge.resetAt > refusing.charge.resetAt)) refusing = { charge, used };
  }
  return refusing ? refusedByLimit(refusing.charge, refusing.used) : decision;
}
