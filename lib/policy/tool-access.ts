/**
 * What a policy lets an agent do with one tool, before any call: the rule that decides it read
 * as one of "allowed", "limited", "approval", "denied" or "hidden". Hidden is exactly what
 * filterTools leaves out of tools/list; the rest follow the rule's action and limits.
 */
import type { ToolAccess } from "@/lib/schemas/agent-access";
import { resolveRule } from "./compile-policy";
import { describeLimit } from "./limits";
import { filterTools } from "./filter-tools";
import type { CompiledLimit, CompiledPolicy } from "./types";

export interface ToolAccessResult {
  access: ToolAccess;
  ruleId: string | null;
  why: string;
  limits: CompiledLimit[];
}

function conditionsText(conditions: readonly { text: string }[], lead: string): string {
  return conditions.length === 0 ? "" : `; ${lead} ${conditions.map((c) => c.text).join(" and ")}`;
}

export function toolAccess(policy: CompiledPolicy, name: string): ToolAccessResult {
  const rule = resolveRule(policy, name);
  if (filterTools(policy, [{ name }]).length === 0) {
    const why = rule.action === "unlisted" ? "No rule names it and the default is deny, so it is not listed" : (rule.reason ?? `Hidden by ${rule.ruleId}`);
    return { access: "hidden", ruleId: rule.ruleId, why, limits: [] };
  }
  if (rule.action === "deny") return { access: "denied", ruleId: rule.ruleId, why: rule.reason ?? `Denied by ${rule.ruleId}`, limits: [] };
  const limits = rule.limits;
  const terms = `${conditionsText(rule.denyIf, "refused when")}${conditionsText(rule.when, "only when")}`;
  const limitText = limits.length > 0 ? `; at most ${limits.map(describeLimit).join(", ")}` : "";
  if (rule.action === "require_approval") {
    return { access: "approval", ruleId: rule.ruleId, why: `Held for approval (${rule.timeoutSeconds} s)${terms}${limitText}`, limits };
  }
  const access: ToolAccess = limits.length > 0 ? "limited" : "allowed";
  const source = rule.key === null ? "Allowed by the default" : `Allowed by ${rule.ruleId}`;
  return { access, ruleId: rule.ruleId, why: `${source}${terms}${limitText}`, limits };
}
