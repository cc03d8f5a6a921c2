// Enforcement of one tools/call: compiled policy from the cache → evaluate → the tool's catalog
// status → approval (if required: held open, or answered at once for a retry) → counters (one atomic statement) → forward → one audit row.
// Every step that needs the database fails closed when it cannot reach it.
import { randomUUID } from "node:crypto";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { canonicalJson } from "@/lib/policy/canonical-json";
import { sha256Hex } from "@/lib/crypto";
import { evaluate, refusedByLimit, type ApproveDecision, type Charge, type Decision } from "@/lib/policy";
import { ErrorCodes, errorMessage, resultMessage, type Params } from "@/gateway/downstream/jsonrpc";
import type { OutgoingMessage } from "@/gateway/downstream/responder";
import { holdForApproval, type HoldResult } from "@/gateway/enforce/hold-for-approval";
import { approvalWaits, earlierApproval, retryForApproval } from "@/gateway/enforce/retry-for-approval";
import { failClosed, refusalResult, type Verdict } from "@/gateway/enforce/verdict";
import { forwardToolCall } from "@/gateway/enforce/forward-tool-call";
import { elicitationRequired, elicitsByUrl } from "@/gateway/enforce/elicit-for-approval";
import { answerAsTask, requestedTask, taskForApproval, taskRoomRefusal, upstreamOffersTasks, type TaskCreated } from "@/gateway/tasks/task-call";
import { grantPolicy } from "@/gateway/enforce/grant-policy";
import type { Exchange } from "@/gateway/proxy/exchange";
import type { PolicyRecord, ToolState } from "@/gateway/state/records";

export type CallOutcome = { message: OutgoingMessage; verdict: Verdict; upstreamOutcome: string | null; policy?: PolicyRecord; taskCreated?: boolean };
/** `task`: the client asked for a task (MCP tasks); `params` carries it on only to an upstream that offers tasks. */
export type ToolCallInput = { name: string; args: Record<string, unknown>; params: Params; task?: Record<string, unknown> };

const refuse = (x: Exchange, verdict: Verdict, policy?: PolicyRecord): CallOutcome => ({
  message: resultMessage(x.requestId, refusalResult(verdict)), verdict, upstreamOutcome: null, policy,
});

const unknownTool = (x: Exchange, name: string, verdict: Verdict, policy?: PolicyRecord): CallOutcome => ({
  message: errorMessage(x.requestId, ErrorCodes.invalidParams, `Tool ${name} not found`), verdict, upstreamOutcome: null, policy,
});

/** The tool's status in the server's catalog; an uncatalogued tool is listed upstream first. */
async function catalogVerdict(x: Exchange, name: string): Promise<Verdict | "unknown" | ToolState> {
  const { state, catalogs } = x.services;
  let catalog = state.cachedCatalog(x.server.id);
  try {
    catalog ??= await state.catalog(x.server.id);
  } catch {
    return failClosed("Warden cannot check this tool's catalog entry right now, so the call was not forwarded");
  }
  const known = catalog.get(name)?.status;
  if (known !== "active" && known !== "quarantined") {
    try {
      catalog = await catalogs.refresh(x.upstream, 5_000);
    } catch (error) {
      return { decision: "upstream_error", ruleId: null, reason: `The upstream server is unavailable: ${(error as Error).message}` };
    }
  }
  const entry = catalog.get(name);
  if (!entry || entry.status === "removed") return "unknown";
  if (entry.status === "quarantined") {
    return { decision: "quarantined", ruleId: null, reason: `The definition of ${name} changed since it was approved; it is quarantined until a person reviews the change in Warden` };
  }
  return entry;
}

export async function takeCounters(x: Exchange, charges: readonly Charge[]): Promise<Verdict | null> {
  if (charges.length === 0) return null;
  try {
    const taken = await x.services.counters.take(charges);
    if (taken.admitted) return null;
    const refusal = refusedByLimit(taken.refusedBy, taken.used);
    return { decision: "rate_limited", ruleId: refusal.ruleId, reason: refusal.reason, retryAt: refusal.retryAt, explanation: refusal.explanation };
  } catch {
    return failClosed("Warden cannot check this call's rate limit right now (its database is unreachable), so the call was not forwarded");
  }
}

function evaluateCall(x: Exchange, policy: PolicyRecord, call: ToolCallInput): Decision {
  if (!policy.compiled) return { kind: "deny", reason: `Denied: ${policy.error}`, ruleId: null, internalError: true, explanation: policy.error ?? "invalid policy" };
  return evaluate(policy.compiled, { tool: call.name, args: call.args }, { orgId: x.grant.orgId, serverId: x.server.id, grantId: x.grant.id, now: Date.now() });
}

async function decide(x: Exchange, call: ToolCallInput): Promise<CallOutcome> {
  if (!x.services.audit.accepting) return refuse(x, failClosed("Warden cannot record calls right now (its audit backlog is full), so the call was not forwarded"));
  const policy = await grantPolicy(x, "call");
  if (!("id" in policy)) return refuse(x, policy);
  let decision = evaluateCall(x, policy, call);
  if (decision.kind === "hide") return unknownTool(x, call.name, { decision: "hide", ruleId: decision.ruleId, reason: decision.reason }, policy);
  const tool = await catalogVerdict(x, call.name);
  if (tool === "unknown") return unknownTool(x, call.name, { decision: "unknown_tool", ruleId: null, reason: "The upstream server does not offer this tool" }, policy);
  if ("decision" in tool) return refuse(x, tool, policy);
  if (decision.kind === "deny") {
    return refuse(x, { decision: decision.internalError ? "fail_closed" : "deny", ruleId: decision.ruleId, reason: decision.reason, retryAt: decision.retryAt, explanation: decision.explanation }, policy);
  }
  const invalid = x.services.config.validateArguments ? x.services.argumentCheck.problem(x.server.id, call.name, tool, call.args) : null;
  if (invalid) return refuse(x, { decision: "invalid_arguments", ruleId: null, reason: invalid }, policy);
  let granted: Verdict | undefined;
  if (decision.kind === "approve") {
    const held = await approvalStep(x, call, decision, policy);
    if (held.kind === "task") return { message: held.message, verdict: held.verdict, upstreamOutcome: null, policy, taskCreated: true };
    if (held.kind === "refused" && held.verdict.decision === "approval_pending" && elicitsByUrl(x.session)) {
      return { message: elicitationRequired(x, held.verdict), verdict: held.verdict, upstreamOutcome: null, policy };
    }
    if (held.kind === "refused") return refuse(x, held.verdict, policy);
    granted = held.verdict;
    decision = held.decision;
  }
  const limited = await takeCounters(x, decision.kind === "allow" || decision.kind === "approve" ? decision.charges : []);
  if (limited) return refuse(x, { ...limited, approvalId: granted?.approvalId }, policy);
  const verdict: Verdict = granted ?? { decision: "allow", ruleId: decision.ruleId, reason: null };
  return { ...(await forwardToolCall(x, call.params, verdict)), policy };
}

/**
 * A task-augmented call becomes a task (whatever approval.mode says: the client asked to poll).
 * Otherwise an earlier approval of this exact call decides first; else the call is held open
 * (hold, or auto with a progress token) or answered for a retry (as a URL elicitation when the
 * client declared `elicitation.url`, see elicit-for-approval.ts).
 */
async function approvalStep(x: Exchange, call: ToolCallInput, decision: ApproveDecision, policy: PolicyRecord): Promise<HoldResult | TaskCreated> {
  if (call.task) return taskForApproval(x, call, call.task, decision, policy);
  let earlier: Awaited<ReturnType<typeof earlierApproval>>;
  try {
    earlier = await earlierApproval(x, call, decision, policy);
  } catch {
    return { kind: "refused", verdict: { ...failClosed("Warden cannot check this call's approval right now (its database is unreachable), so the call was not forwarded"), ruleId: decision.ruleId } };
  }
  if (earlier && "kind" in earlier) return earlier;
  if (approvalWaits(decision, call.params)) return holdForApproval(x, call, decision, policy);
  return retryForApproval(x, call, decision, policy, earlier);
}

function parseCall(params: Params | undefined): ToolCallInput | string {
  const name = params?.name;
  if (typeof name !== "string" || name === "" || name.length > 256) return 'Invalid params: "name" must be the tool\'s name';
  const args = params!.arguments;
  if (args !== undefined && (typeof args !== "object" || args === null || Array.isArray(args))) return 'Invalid params: "arguments" must be an object';
  return { name, args: (args ?? {}) as Record<string, unknown>, params: params!, task: requestedTask(params!) };
}

/** A task-augmented call keeps `task` only for an upstream that offers tasks; Warden keeps the task otherwise. */
async function taskCall(x: Exchange, call: ToolCallInput): Promise<ToolCallInput | { refusal: OutgoingMessage }> {
  const full = await taskRoomRefusal(x);
  if (full) return { refusal: full };
  if (await upstreamOffersTasks(x)) return call;
  const { task: _task, ...params } = call.params;
  return { ...call, params };
}

/** Serves one tools/call and records its audit row; returns the JSON-RPC answer. */
export async function handleToolCall(x: Exchange, params: Params | undefined): Promise<OutgoingMessage> {
  const started = performance.now();
  const parsed = parseCall(params);
  if (typeof parsed === "string") return errorMessage(x.requestId, ErrorCodes.invalidParams, parsed);
  x.log.tool = parsed.name;
  const call = parsed.task ? await taskCall(x, parsed) : parsed;
  if ("refusal" in call) return call.refusal;
  const outcome = await decide(x, call);
  const latencyMs = performance.now() - started;
  const { verdict } = outcome;
  x.log.decision = verdict.decision;
  x.log.ruleId = verdict.ruleId;
  x.log.upstreamOutcome = outcome.upstreamOutcome ?? undefined;
  x.services.metrics.decided(verdict.decision, latencyMs / 1000);
  x.services.audit.record({
    eventId: randomUUID(), orgId: x.grant.orgId, kind: "gateway", method: "tools/call", serverId: x.server.id, grantId: x.grant.id, tool: call.name,
    decision: verdict.decision, ruleId: verdict.ruleId, reason: verdict.reason, policyId: x.grant.policyId, policyVersion: outcome.policy?.version ?? null,
    argsHash: sha256Hex(canonicalJson(call.args)), latencyMs, upstreamOutcome: outcome.upstreamOutcome, requestId: `${x.scope}:${String(x.requestId)}`,
    detail: verdict.retryAt || verdict.approvalId || verdict.explanation
      ? { retryAt: verdict.retryAt, approvalId: verdict.approvalId, approvalExpiresAt: verdict.expiresAt, explanation: verdict.explanation }
      : null,
  });
  return call.task && !outcome.taskCreated ? answerAsTask(x, call.name, call.task, outcome.message) : outcome.message;
}

export type { CallToolResult };
