// Enforcement of everything an agent asks besides tools: resources (list, templates, read,
// subscribe), prompts (list, get) and completion. Compiled policy from the cache → the pure
// evaluator (lists are filtered by the same rules) → counters for reads → forward → one audit
// row per request, whatever happened. Hidden items are answered as missing ones are.
import { randomUUID } from "node:crypto";
import type { Result } from "@modelcontextprotocol/sdk/types.js";
import { canonicalJson } from "@/lib/policy/canonical-json";
import { sha256Hex } from "@/lib/crypto";
import { evaluateAccess, filterPrompts, filterResources, filterResourceTemplates, type CompiledPolicy, type Decision } from "@/lib/policy";
import { errorMessage, resultMessage, type Params } from "@/gateway/downstream/jsonrpc";
import type { OutgoingMessage } from "@/gateway/downstream/responder";
import { accessTarget, type AccessTarget } from "@/gateway/enforce/access-target";
import { refusalError } from "@/gateway/enforce/access-refusal";
import { upstreamFailure } from "@/gateway/enforce/forward-tool-call";
import { takeCounters } from "@/gateway/enforce/tool-call";
import { failClosed, type Verdict } from "@/gateway/enforce/verdict";
import { grantPolicy } from "@/gateway/enforce/grant-policy";
import type { Exchange } from "@/gateway/proxy/exchange";
import type { PolicyRecord } from "@/gateway/state/records";

type Filter = (policy: CompiledPolicy, items: readonly never[]) => unknown[];
const LISTS: Record<string, { field: string; filter: Filter }> = {
  "resources/list": { field: "resources", filter: filterResources as Filter },
  "resources/templates/list": { field: "resourceTemplates", filter: filterResourceTemplates as Filter },
  "prompts/list": { field: "prompts", filter: filterPrompts as Filter },
};
const ITEMS = new Set(["resources/read", "resources/subscribe", "prompts/get", "completion/complete"]);

/** Whether the policy decides this method (resources/unsubscribe and logging/setLevel pass as they are). */
export const isPolicedMethod = (method: string) => Object.hasOwn(LISTS, method) || ITEMS.has(method);

type Outcome = {
  message: OutgoingMessage;
  verdict: Verdict;
  upstreamOutcome: string | null;
  policy?: PolicyRecord;
  detail?: Record<string, unknown>;
};

async function forwarded(x: Exchange, proceed: () => Promise<Result>, verdict: Verdict, shape: (result: Result) => { result: Result; detail?: Record<string, unknown> }) {
  try {
    const { result, detail } = shape(await proceed());
    return { message: resultMessage(x.requestId, result), verdict, upstreamOutcome: "ok", detail };
  } catch (error) {
    return upstreamFailure(x, error, verdict);
  }
}

async function listOutcome(x: Exchange, method: string, policy: PolicyRecord, proceed: () => Promise<Result>): Promise<Outcome> {
  const { field, filter } = LISTS[method]!;
  if (!policy.compiled) {
    const verdict: Verdict = { decision: "fail_closed", ruleId: null, reason: `Nothing is listed: ${policy.error}` };
    return { message: resultMessage(x.requestId, { [field]: [] }), verdict, upstreamOutcome: null, policy };
  }
  const compiled = policy.compiled;
  const outcome = await forwarded(x, proceed, { decision: "allow", ruleId: null, reason: null }, (result) => {
    const items = Array.isArray(result[field]) ? (result[field] as never[]) : [];
    const shown = filter(compiled, items);
    return { result: { ...result, [field]: shown }, detail: { listed: shown.length, withheld: items.length - shown.length } };
  });
  return { ...outcome, policy };
}

function decide(x: Exchange, policy: PolicyRecord, target: AccessTarget): Decision {
  if (!policy.compiled) return { kind: "deny", reason: `Denied: ${policy.error}`, ruleId: null, internalError: true, explanation: policy.error ?? "invalid policy" };
  return evaluateAccess(policy.compiled, target.request, { orgId: x.grant.orgId, serverId: x.server.id, grantId: x.grant.id, now: Date.now() });
}

async function itemOutcome(x: Exchange, target: AccessTarget, policy: PolicyRecord, proceed: () => Promise<Result>): Promise<Outcome> {
  const decision = decide(x, policy, target);
  const base = { upstreamOutcome: null, policy, detail: { explanation: decision.explanation } };
  if (decision.kind === "hide") {
    const { code, message, data } = target.notFound;
    return { ...base, message: errorMessage(x.requestId, code, message, data), verdict: { decision: "hide", ruleId: decision.ruleId, reason: decision.reason } };
  }
  if (decision.kind !== "allow") {
    const verdict: Verdict = { decision: "internalError" in decision ? "fail_closed" : "deny", ruleId: decision.ruleId, reason: decision.kind === "deny" ? decision.reason : null };
    return { ...base, message: refusalError(x.requestId, verdict), verdict };
  }
  const limited = target.charged ? await takeCounters(x, decision.charges) : null;
  if (limited) return { ...base, message: refusalError(x.requestId, limited), verdict: limited, detail: { explanation: limited.explanation } };
  const outcome = await forwarded(x, proceed, { decision: "allow", ruleId: decision.ruleId, reason: null }, (result) => ({ result }));
  return { ...base, ...outcome, detail: base.detail };
}

/** `target` is what an item request asks for; lists have none. */
async function serve(x: Exchange, method: string, target: AccessTarget | undefined, proceed: () => Promise<Result>): Promise<Outcome> {
  const refuse = (verdict: Verdict): Outcome => ({ message: refusalError(x.requestId, verdict), verdict, upstreamOutcome: null });
  if (!x.services.audit.accepting) return refuse(failClosed("Warden cannot record requests right now (its audit backlog is full), so the request was not forwarded"));
  const policy = await grantPolicy(x, "request");
  if (!("id" in policy)) return refuse(policy);
  return target ? itemOutcome(x, target, policy, proceed) : listOutcome(x, method, policy, proceed);
}

/**
 * Serves one policed request and records its audit row; `proceed` sends it upstream (dispatch
 * owns how: a subscription shared by several agents is forwarded once).
 */
export async function handlePolicedRequest(x: Exchange, method: string, params: Params | undefined, proceed: () => Promise<Result>): Promise<OutgoingMessage> {
  const started = performance.now();
  let target: AccessTarget | undefined;
  if (ITEMS.has(method)) {
    const parsed = accessTarget(method, params);
    if (!("request" in parsed)) return errorMessage(x.requestId, parsed.code, parsed.message);
    target = parsed;
    x.log.tool = target.request.name.slice(0, 256);
  }
  const outcome = await serve(x, method, target, proceed);
  const { verdict } = outcome;
  x.log.decision = verdict.decision;
  x.log.ruleId = verdict.ruleId;
  x.log.upstreamOutcome = outcome.upstreamOutcome ?? undefined;
  x.services.audit.record({
    eventId: randomUUID(), orgId: x.grant.orgId, kind: "gateway", method, serverId: x.server.id, grantId: x.grant.id, tool: target?.request.name ?? null,
    decision: verdict.decision, ruleId: verdict.ruleId, reason: verdict.reason, policyId: x.grant.policyId, policyVersion: outcome.policy?.version ?? null,
    argsHash: target?.args === undefined ? null : sha256Hex(canonicalJson(target.args)), latencyMs: performance.now() - started,
    upstreamOutcome: outcome.upstreamOutcome, requestId: `${x.scope}:${String(x.requestId)}`,
    detail: { ...(target ? { kind: target.request.kind } : {}), ...outcome.detail, ...(verdict.retryAt ? { retryAt: verdict.retryAt } : {}) },
  });
  return outcome.message;
}
