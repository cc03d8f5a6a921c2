// "Replay": the draft policy run over the server's last N audited calls, in the order they
// happened, with counters counted as the gateway would have. The audit log keeps a hash of the
// arguments, not the arguments, so a rule with argument conditions can only be judged for calls
// that were held for approval (their arguments are kept); the others are counted as unknown.
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { compilePolicy, evaluate, resolveRule } from "@/lib/policy";
import type { CompiledPolicy } from "@/lib/policy/types";
import type { PolicyDocument } from "@/lib/schemas/policy";

export type Outcome = "allow" | "approve" | "deny" | "rate_limited" | "hide";
export type ReplayCall = { time: Date; tool: string; grantId: string; args: Record<string, unknown> | null; before: Outcome };
export type ReplayExample = { time: string; tool: string; grantId: string; before: Outcome; after: Outcome; ruleId: string | null; explanation: string };
export type ReplayResult = {
  replayed: number;
  changed: number;
  /** Calls whose new decision depends on arguments the audit log does not keep. */
  unknown: number;
  transitions: { before: Outcome; after: Outcome; count: number }[];
  examples: ReplayExample[];
};

// How the gateway's audit decisions read as policy outcomes; the others (unknown or quarantined
// tools) were not the policy's to decide.
const OUTCOMES: Record<string, Outcome> = {
  allow: "allow", upstream_error: "allow", deny: "deny", fail_closed: "deny", rate_limited: "rate_limited", hide: "hide",
  approval_granted: "approve", approval_denied: "approve", approval_expired: "approve",
};

export async function loadReplayCalls(orgId: string, serverId: string, limit: number): Promise<ReplayCall[]> {
  const server = await db.mcpServer.findFirst({ where: { id: serverId, orgId }, select: { id: true } });
  if (!server) throw notFound("Server not found");
  const rows = await db.auditEvent.findMany({
    where: { orgId, serverId, kind: "gateway", method: "tools/call", decision: { in: Object.keys(OUTCOMES) } },
    orderBy: { id: "desc" },
    take: Math.min(Math.max(limit, 1), 1000),
    select: { time: true, tool: true, grantId: true, decision: true, detail: true },
  });
  const approvalIds = rows.flatMap((r) => {
    const id = (r.detail as { approvalId?: unknown } | null)?.approvalId;
    return typeof id === "string" ? [id] : [];
  });
  const approvals = await db.approval.findMany({ where: { orgId, id: { in: approvalIds } }, select: { id: true, arguments: true } });
  const argsById = new Map(approvals.map((a) => [a.id, a.arguments as Record<string, unknown>]));
  return rows.reverse().map((r) => ({
    time: r.time,
    tool: r.tool ?? "",
    grantId: r.grantId ?? "",
    args: argsById.get(String((r.detail as { approvalId?: unknown } | null)?.approvalId)) ?? null,
    before: OUTCOMES[r.decision]!,
  }));
}

function decideAgain(policy: CompiledPolicy, call: ReplayCall, ids: { orgId: string; serverId: string }, counts: Map<string, number>) {
  const rule = resolveRule(policy, call.tool);
  if (call.args === null && (rule.when.length > 0 || rule.denyIf.length > 0)) return null;
  const decision = evaluate(policy, { tool: call.tool, args: call.args ?? {} }, { ...ids, grantId: call.grantId, now: call.time });
  if (decision.kind !== "allow" && decision.kind !== "approve") return { outcome: decision.kind as Outcome, ruleId: decision.ruleId, explanation: decision.explanation };
  const full = decision.charges.find((c) => (counts.get(`${c.counterKey}|${c.windowStart}`) ?? 0) >= c.max);
  if (full) return { outcome: "rate_limited" as const, ruleId: full.ruleId, explanation: `Refused by ${full.ruleId}: ${full.counter} already held ${full.max} calls in this window` };
  for (const c of decision.charges) counts.set(`${c.counterKey}|${c.windowStart}`, (counts.get(`${c.counterKey}|${c.windowStart}`) ?? 0) + 1);
  return { outcome: (decision.kind === "approve" ? "approve" : "allow") as Outcome, ruleId: decision.ruleId, explanation: decision.explanation };
}

/** Pure: the draft's decision for each call, in order, compared with what happened. */
export function replayCalls(document: PolicyDocument, calls: readonly ReplayCall[], ids: { orgId: string; serverId: string }): ReplayResult {
  const policy = compilePolicy(document);
  const counts = new Map<string, number>();
  const transitions = new Map<string, { before: Outcome; after: Outcome; count: number }>();
  const examples: ReplayExample[] = [];
  let unknown = 0;
  for (const call of calls) {
    const again = decideAgain(policy, call, ids, counts);
    if (!again) {
      unknown++;
      continue;
    }
    if (again.outcome === call.before) continue;
    const key = `${call.before}>${again.outcome}`;
    const t = transitions.get(key) ?? { before: call.before, after: again.outcome, count: 0 };
    t.count++;
    transitions.set(key, t);
    if (examples.length < 10) examples.push({ time: call.time.toISOString(), tool: call.tool, grantId: call.grantId, before: call.before, after: again.outcome, ruleId: again.ruleId, explanation: again.explanation });
  }
  const changed = [...transitions.values()].reduce((n, t) => n + t.count, 0);
  return { replayed: calls.length, changed, unknown, transitions: [...transitions.values()].sort((a, b) => b.count - a.count), examples };
}

export async function replayPolicy(orgId: string, serverId: string, document: PolicyDocument, limit: number): Promise<ReplayResult> {
  const calls = await loadReplayCalls(orgId, serverId, limit);
  return replayCalls(document, calls, { orgId, serverId });
}
