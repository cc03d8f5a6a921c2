// Bookkeeping that lets messages cross the proxy: agent requests in flight (so a cancellation
// reaches the upstream), and server→client requests waiting for the agent's answer (so the
// answer reaches the upstream that asked). Ids given to agents are random, so one agent cannot
// answer or cancel another's.
import { randomBytes } from "node:crypto";
import type { RequestId } from "@/gateway/downstream/jsonrpc";
import type { Exchange } from "@/gateway/proxy/exchange";
import type { ServerUpstream } from "@/gateway/upstream/server-upstream";
import type { CancelSignal } from "@/lib/upstream";

/**
 * The cancellation of one forwarded request: an AbortSignal-like handle, usually with one
 * listener. An AbortController (an EventTarget) per call showed in profiles; this is a plain object.
 */
export class Cancel implements CancelSignal {
  aborted = false;
  reason: unknown;
  private listeners: (() => void)[] | undefined;
  private listener: (() => void) | undefined;

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const all = [...(this.listener ? [this.listener] : []), ...(this.listeners ?? [])];
    this.listener = undefined;
    this.listeners = undefined;
    for (const listener of all) listener();
  }

  addEventListener(_type: "abort", listener: () => void): void {
    if (!this.listener) this.listener = listener;
    else (this.listeners ??= []).push(listener);
  }

  removeEventListener(_type: "abort", listener: () => void): void {
    if (this.listener === listener) this.listener = undefined;
    else if (this.listeners) this.listeners = this.listeners.filter((l) => l !== listener);
  }
}

type Waiting = { upstream: ServerUpstream; upstreamId: RequestId; grantId: string; timer: NodeJS.Timeout };

const answerTimeoutMs = 10 * 60_000;
/** Unanswered server→client requests one grant may have outstanding; more are refused to the upstream. */
export const maxWaitingPerGrant = 64;

export class RelayRegistry {
  private readonly inflight = new Map<string, Cancel>();
  private readonly waiting = new Map<string, Waiting>();
  private readonly waitingPerGrant = new Map<string, number>();
  /** upstream → its request id → the id the agent saw, so a cancellation needs no scan. */
  private readonly agentIds = new WeakMap<ServerUpstream, Map<RequestId, string>>();
  private progressCounter = 0;
  private readonly active = new Map<ServerUpstream, Set<Exchange>>();

  /** Key of an agent request: its session (or grant, when stateless) and its id. */
  static key(scope: string, id: RequestId): string {
    return `${scope}|${typeof id}|${id}`;
  }

  track(key: string): Cancel {
    const cancel = new Cancel();
    this.inflight.set(key, cancel);
    return cancel;
  }

  /** Forgets a request, unless a newer one with the same key took its place (stateless agents may reuse ids). */
  untrack(key: string, cancel: Cancel): void {
    if (this.inflight.get(key) === cancel) this.inflight.delete(key);
  }

  cancel(key: string, reason: string): void {
    this.inflight.get(key)?.abort(reason);
  }

  /**
   * Exchanges waiting on an upstream. On a session's dedicated connection they are all that
   * session's, so a message with no relation of its own (stdio carries none) may go to any of them.
   */
  enter(x: Exchange): void {
    const set = this.active.get(x.upstream) ?? new Set();
    set.add(x);
    this.active.set(x.upstream, set);
  }

  leave(x: Exchange): void {
    const set = this.active.get(x.upstream);
    set?.delete(x);
    if (set?.size === 0) this.active.delete(x.upstream);
  }

  /** The exchanges waiting on `upstream`, newest first. */
  activeOn(upstream: ServerUpstream): Exchange[] {
    return [...(this.active.get(upstream) ?? [])].reverse();
  }

  /** A fresh progress token for the upstream, so agents' tokens can never collide there. */
  nextProgressToken(): string {
    return `wp${++this.progressCounter}`;
  }

  /**
   * Registers a server→client request; returns the id the agent sees, or undefined when the grant
   * already has `maxWaitingPerGrant` unanswered (an upstream could otherwise pile them up for 10 min).
   */
  expectAnswer(upstream: ServerUpstream, upstreamId: RequestId, grantId: string): string | undefined {
    const count = this.waitingPerGrant.get(grantId) ?? 0;
    if (count >= maxWaitingPerGrant) return undefined;
    const id = `wsr_${randomBytes(12).toString("base64url")}`;
    const timer = setTimeout(() => this.forget(id), answerTimeoutMs);
    timer.unref();
    this.waiting.set(id, { upstream, upstreamId, grantId, timer });
    this.waitingPerGrant.set(grantId, count + 1);
    const ids = this.agentIds.get(upstream) ?? new Map<RequestId, string>();
    ids.set(upstreamId, id);
    this.agentIds.set(upstream, ids);
    return id;
  }

  /** The upstream request an agent's answer belongs to (and forgets it: answers count once). */
  takeAnswer(id: RequestId, grantId: string): Waiting | undefined {
    const entry = typeof id === "string" ? this.waiting.get(id) : undefined;
    if (!entry || entry.grantId !== grantId) return undefined;
    this.forget(id as string);
    return entry;
  }

  private forget(id: string): void {
    const entry = this.waiting.get(id);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.waiting.delete(id);
    const left = (this.waitingPerGrant.get(entry.grantId) ?? 1) - 1;
    if (left > 0) this.waitingPerGrant.set(entry.grantId, left);
    else this.waitingPerGrant.delete(entry.grantId);
    const ids = this.agentIds.get(entry.upstream);
    if (ids?.get(entry.upstreamId) === id) ids.delete(entry.upstreamId);
  }

  /** The agent-side id of a server→client request, for relaying the upstream's cancellation. */
  agentIdFor(upstream: ServerUpstream, upstreamId: RequestId): string | undefined {
    return this.agentIds.get(upstream)?.get(upstreamId);
  }
}
