/** Limits: compiled once per rule, turned into counter charges per call. */
import { WINDOW_SECONDS, type Limit } from "@/lib/schemas/policy";
import type { Charge, CompiledLimit, EvaluationContext } from "./types";

export function windowSecondsOf(window: Limit["window"]): number {
  return typeof window === "number" ? window : WINDOW_SECONDS[window];
}

export function compileLimit(limit: Limit, ruleId: string): CompiledLimit {
  return { ruleId, counter: limit.counter, scope: limit.scope ?? "grant", windowSeconds: windowSecondsOf(limit.window), max: limit.max };
}

/**
 * Limits with the same counter, scope and window share one count, so a call charges that
 * count once; the smallest max among them is the one that can refuse.
 */
export function mergeLimits(limits: readonly CompiledLimit[]): CompiledLimit[] {
  const byCount = new Map<string, CompiledLimit>();
  for (const limit of limits) {
    const key = `${limit.counter}|${limit.scope}|${limit.windowSeconds}`;
    const seen = byCount.get(key);
    if (!seen || limit.max < seen.max) byCount.set(key, limit);
  }
  return [...byCount.values()];
}

const WINDOW_NAMES: Record<number, string> = { 1: "second", 60: "minute", 3600: "hour", 86400: "day" };

export function describeWindow(windowSeconds: number): string {
  return WINDOW_NAMES[windowSeconds] ?? `${windowSeconds} seconds`;
}

export function describeLimit(limit: CompiledLimit): string {
  return `${limit.counter} (${limit.max} per ${describeWindow(limit.windowSeconds)} per ${limit.scope})`;
}

function scopeIdOf(limit: CompiledLimit, context: EvaluationContext): string {
  const id = limit.scope === "grant" ? context.grantId : limit.scope === "server" ? context.serverId : context.orgId;
  if (typeof id !== "string" || id === "") throw new Error(`the context has no ${limit.scope} id for limit ${limit.ruleId}`);
  return id;
}

// Consecutive calls mostly fall in the same window: remember the last formatted instants.
const isoCache = new Map<number, string>();
function iso(ms: number): string {
  let text = isoCache.get(ms);
  if (text === undefined) {
    if (isoCache.size > 64) isoCache.clear();
    text = new Date(ms).toISOString();
    isoCache.set(ms, text);
  }
  return text;
}

/** The charges of one call at `nowMs`; windows are aligned to the Unix epoch, hence to UTC. */
export function chargesFor(limits: readonly CompiledLimit[], context: EvaluationContext, nowMs: number): Charge[] {
  if (limits.length === 0) return [];
  if (typeof context.orgId !== "string" || context.orgId === "") throw new Error("the context has no organization id");
  const charges: Charge[] = [];
  for (const limit of limits) {
    const windowMs = limit.windowSeconds * 1000;
    const startMs = Math.floor(nowMs / windowMs) * windowMs;
    const scopeId = scopeIdOf(limit, context);
    const windowStart = iso(startMs);
    charges.push({
      counterKey: `org:${context.orgId}|${limit.scope}:${scopeId}|${limit.counter}|${limit.windowSeconds}s|${windowStart}`,
      counter: limit.counter,
      scope: limit.scope,
      scopeId,
      max: limit.max,
      windowSeconds: limit.windowSeconds,
      windowStart,
      resetAt: iso(startMs + windowMs),
      ruleId: limit.ruleId,
    });
  }
  return charges;
}
