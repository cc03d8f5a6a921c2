// Server→client requests waiting for an agent's answer are bounded per grant, answered once, and
// found again by the upstream's id without scanning (for cancellations).
import { describe, expect, test } from "vitest";
import { Cancel, maxWaitingPerGrant, RelayRegistry } from "@/gateway/proxy/relay-registry";
import type { ServerUpstream } from "@/gateway/upstream/server-upstream";

const upstream = () => ({}) as ServerUpstream;

describe("RelayRegistry waiting answers", () => {
  test("a grant's unanswered requests stop at the cap; another grant is unaffected; an answer frees a place", () => {
    const relay = new RelayRegistry();
    const up = upstream();
    const ids = Array.from({ length: maxWaitingPerGrant }, (_, i) => relay.expectAnswer(up, i, "grant_a"));
    expect(ids.every((id) => typeof id === "string")).toBe(true);
    expect(relay.expectAnswer(up, "over", "grant_a")).toBeUndefined();
    expect(relay.expectAnswer(up, "b1", "grant_b")).toMatch(/^wsr_/);
    expect(relay.takeAnswer(ids[0]!, "grant_a")?.upstreamId).toBe(0);
    expect(relay.expectAnswer(up, "again", "grant_a")).toMatch(/^wsr_/);
  });

  test("an answer counts once and only for the grant that was asked", () => {
    const relay = new RelayRegistry();
    const id = relay.expectAnswer(upstream(), 7, "grant_a")!;
    expect(relay.takeAnswer(id, "grant_b")).toBeUndefined();
    expect(relay.takeAnswer(id, "grant_a")?.upstreamId).toBe(7);
    expect(relay.takeAnswer(id, "grant_a")).toBeUndefined();
  });

  test("the agent-side id is found by upstream and upstream id, and forgotten with the answer", () => {
    const relay = new RelayRegistry();
    const [one, two] = [upstream(), upstream()];
    const id = relay.expectAnswer(one, 5, "grant_a")!;
    expect(relay.agentIdFor(one, 5)).toBe(id);
    expect(relay.agentIdFor(two, 5)).toBeUndefined();
    relay.takeAnswer(id, "grant_a");
    expect(relay.agentIdFor(one, 5)).toBeUndefined();
  });
});

describe("RelayRegistry cancellation handles", () => {
  test("a cancelled request hears it once, with the reason; a removed listener hears nothing", () => {
    const relay = new RelayRegistry();
    const cancel = relay.track("s|number|1");
    const heard: unknown[] = [];
    const kept = () => heard.push(cancel.reason);
    const removed = () => heard.push("removed");
    cancel.addEventListener("abort", kept);
    cancel.addEventListener("abort", removed);
    cancel.removeEventListener("abort", removed);
    relay.cancel("s|number|1", "cancelled by the agent");
    relay.cancel("s|number|1", "again");
    expect(cancel.aborted).toBe(true);
    expect(heard).toEqual(["cancelled by the agent"]);
  });

  test("a request id reused by a newer request is not forgotten by the older one's end", () => {
    const relay = new RelayRegistry();
    const older = relay.track("s|number|1");
    const newer = relay.track("s|number|1");
    relay.untrack("s|number|1", older);
    relay.cancel("s|number|1", "stop");
    expect(older.aborted).toBe(false);
    expect(newer.aborted).toBe(true);
  });

  test("works where an AbortSignal is expected by the upstream connection (aborted before it listens)", () => {
    const cancel = new Cancel();
    cancel.abort("early");
    expect(cancel.aborted).toBe(true);
    expect(cancel.reason).toBe("early");
  });
});
