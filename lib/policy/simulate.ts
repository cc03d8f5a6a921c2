/**
 * The builder's simulator: the gateway's decision for a call, given how many calls each
 * counter's current window already holds. Same evaluator, plus the check the gateway's
 * atomic SQL makes.
 */
import { refusedByLimit } from "./decisions";
import { evaluate } from "./evaluate";
import type { Charge, CompiledPolicy, Decision, EvaluationContext, ToolCall } from "./types";

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
  const decision = evaluate(policy, call, context);
  if (decision.kind !== "allow" && decision.kind !== "approve") return decision;
  let refusing: { charge: Charge; used: number } | null = null;
  for (const charge of decision.charges) {
    const used = usedBy(state, charge);
    // When several limits are full, a retry works only once the last of them resets.
    if (used >= charge.max && (refusing === null || charge.resetAt > refusing.charge.resetAt)) refusing = { charge, used };
  }
  return refusing ? refusedByLimit(refusing.charge, refusing.used) : decision;
}
