/**
 * The decision for a resource or a prompt (resources/read, prompts/get, a list entry, a
 * completion's ref): the same pure resolution as for tools, over the `resources` or `prompts`
 * section. The decision is allow (with the counters to take), deny or hide, never approve.
 */
import { accessMatchKey, type AccessSection } from "./compile-access";
import { resolveRule } from "./compile-policy";
import { describeValue } from "./conditions";
import { failClosedDecision } from "./decisions";
import { epochMs } from "./evaluate";
import { chargesFor } from "./limits";
import { ambiguousUriProblem } from "./resource-uri";
import type { AccessRequest, CompiledPolicy, CompiledRule, Decision, EvaluationContext, RefusalDecision } from "./types";

const sectionOf = (request: AccessRequest): AccessSection => (request.kind === "resource" ? "resources" : "prompts");

function hidden(rule: CompiledRule, request: AccessRequest, section: AccessSection): RefusalDecision {
  const what = `${request.kind} ${describeValue(request.name, 130)}`;
  const explanation =
    rule.key === null
      ? `Hidden: no rule names ${what} and the policy's default for ${section} is deny, so the ${request.kind} is treated as unknown`
      : `Hidden by ${rule.ruleId}: the ${request.kind} is treated as unknown`;
  return { kind: "hide", reason: `Unknown ${what}`, ruleId: rule.ruleId, explanation };
}

function decide(policy: CompiledPolicy, request: AccessRequest, context: EvaluationContext): Decision {
  if (typeof request?.name !== "string") throw new Error(`the request names no ${request?.kind ?? "resource"}`);
  const section = sectionOf(request);
  const rules = policy[section];
  const key = accessMatchKey(section, request.name);
  const problem = request.kind === "resource" && !rules.exact.has(key) ? ambiguousUriProblem(request.name) : null;
  if (problem) {
    const reason = `Denied: no rule names this URI exactly and ${problem}, so a pattern or the default cannot decide it safely.`;
    return { kind: "deny", reason, ruleId: null, explanation: reason };
  }
  const rule = resolveRule(rules, key);
  if (rule.action === "hide" || rule.action === "unlisted") return hidden(rule, request, section);
  if (rule.action !== "allow") {
    const reason = rule.reason ?? `This ${request.kind} is denied by policy.`;
    return { kind: "deny", reason, ruleId: rule.ruleId, explanation: `Denied by ${rule.ruleId}: ${reason}` };
  }
  const charges = chargesFor(rule.limits, context, epochMs(context.now));
  const explanation =
    rule.key === null
      ? `Allowed: no rule names ${request.kind} ${describeValue(request.name, 130)} and the policy's default for ${section} is allow`
      : `Allowed by ${rule.ruleId}${rule.limitsText}`;
  return { kind: "allow", charges, ruleId: rule.ruleId, explanation };
}

export function evaluateAccess(policy: CompiledPolicy, request: AccessRequest, context: EvaluationContext): Decision {
  try {
    return decide(policy, request, context);
  } catch (error) {
    return failClosedDecision(error);
  }
}

/** Whether a list shows the item: the same rules, so what a read would hide is never listed. */
export function isListed(policy: CompiledPolicy, request: AccessRequest): boolean {
  const section = sectionOf(request);
  const key = accessMatchKey(section, request.name);
  if (request.kind === "resource" && !policy.resources.exact.has(key) && ambiguousUriProblem(request.name)) return false;
  const action = resolveRule(policy[section], key).action;
  return action !== "hide" && action !== "unlisted";
}
