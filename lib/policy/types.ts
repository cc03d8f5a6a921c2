import type { ApprovalMode, LimitScope, PolicyDocument } from "@/lib/schemas/policy";
import type { Wildcards } from "./glob";

/** A tools/call as the agent sent it. */
export interface ToolCall {
  tool: string;
  /** The call's arguments; MCP sends an object, and anything else is refused. */
  args?: unknown;
}

/** Everything evaluation needs from outside: who calls, and the time (never read from a clock). */
export interface EvaluationContext {
  orgId: string;
  serverId: string;
  grantId: string;
  now: Date | number;
}

/** One counter the gateway must increment (atomically, all or none) before forwarding the call. */
export interface Charge {
  /** Unique per organization, scope, scope id, counter, window length and window start. */
  counterKey: string;
  counter: string;
  scope: LimitScope;
  scopeId: string;
  max: number;
  windowSeconds: number;
  /** ISO 8601 UTC; windows are aligned, so a minute window starts on the minute. */
  windowStart: string;
  resetAt: string;
  /** Pointer of the limit, e.g. "/tools/set_experiment_tag/limits/0" or "/all_tools/limits/1". */
  ruleId: string;
}

interface DecisionBase {
  /** One sentence for the audit log and the builder's simulator. */
  explanation: string;
}
export interface AllowDecision extends DecisionBase {
  kind: "allow";
  charges: Charge[];
  ruleId: string | null;
}
export interface RefusalDecision extends DecisionBase {
  kind: "deny" | "hide";
  /** What the agent is told. */
  reason: string;
  ruleId: string | null;
  /** For a refusal by a limit: when the window resets and a retry can succeed. */
  retryAt?: string;
  /** True when evaluation itself failed and the call was denied to fail closed. */
  internalError?: true;
}
export interface ApproveDecision extends DecisionBase {
  kind: "approve";
  timeoutSeconds: number;
  /** How the call waits: held open, answered at once for a retry, or chosen by the client (auto). */
  mode: ApprovalMode;
  ruleId: string;
  /** The counters to take when the approved call goes ahead. */
  charges: Charge[];
  /** How long a person may allow identical calls when approving this one; 0: not allowed. */
  allowIdenticalSeconds: number;
}
export type Decision = AllowDecision | RefusalDecision | ApproveDecision;

export interface CompiledLimit {
  ruleId: string;
  counter: string;
  scope: LimitScope;
  windowSeconds: number;
  max: number;
}

export interface CompiledCondition {
  ruleId: string;
  /** e.g. `experiment_id in ["1","2"]`, for explanations. */
  text: string;
  holds(args: Record<string, unknown>): boolean;
}

export type RuleAction = "allow" | "deny" | "hide" | "require_approval" | "unlisted";

/** A resources/read or prompts/get (or a list entry, or a completion's ref) as the agent named it. */
export interface AccessRequest {
  kind: "resource" | "prompt";
  /** The resource's URI (or a template's URI template), or the prompt's name. */
  name: string;
}

/** What decides a tool, resource or prompt: one entry of its section, or the default. */
export interface CompiledRule {
  /** The key under `tools` ("get_*"), `resources.uris` or `prompts.names`, or null for the default. */
  key: string | null;
  ruleId: string;
  /** "unlisted" is a tool no rule names under `default: deny`: it behaves as unknown. */
  action: RuleAction;
  reason: string | undefined;
  denyIf: CompiledCondition[];
  when: CompiledCondition[];
  /** The rule's limits and the `all_tools` limits, merged where they share a count. */
  limits: CompiledLimit[];
  timeoutSeconds: number;
  approvalMode: ApprovalMode;
  /** From `approval.allow_identical_for`; 0 when the rule does not permit standing approvals. */
  allowIdenticalSeconds: number;
  /** Fixed part of the explanation of an allow, e.g. "takes set_experiment_tag_rate (30 per minute per grant)". */
  limitsText: string;
}

/** The rules of one section (tools, resources or prompts), ready to resolve a name. */
export interface RuleSet {
  readonly exact: ReadonlyMap<string, CompiledRule>;
  /** Glob entries, most specific first. */
  readonly patterns: readonly { pattern: string; rule: CompiledRule }[];
  readonly defaultRule: CompiledRule;
  /** Memo of pattern/default resolution by name; an optimisation that never changes a result. */
  readonly resolved: Map<string, CompiledRule>;
  readonly wildcards: Wildcards;
}

/** The tools' rules at the top (as before resources and prompts came under policy), and theirs beside. */
export interface CompiledPolicy extends RuleSet {
  readonly document: PolicyDocument;
  readonly resources: RuleSet;
  readonly prompts: RuleSet;
}
