// Counter charges are all-or-nothing and refusals tell the agent the decision, reason, rule and
// retry time; the Host/Origin guard allows only this gateway's names and configured origins.
import { describe, expect, test } from "vitest";
import { MemoryCounterStore } from "@/gateway/counters/memory-counter-store";
import { mergeCharges } from "@/gateway/counters/counter-store";
import { createHostGuard } from "@/gateway/downstream/host-guard";
import { refusalResult } from "@/gateway/enforce/verdict";
import type { Charge } from "@/lib/policy";

const charge = (counterKey: string, max: number, resetAt = "2026-01-01T00:01:00.000Z"): Charge => ({
  counterKey, counter: counterKey, scope: "grant", scopeId: "grt_1", max, windowSeconds: 60,
  windowStart: "2026-01-01T00:00:00.000Z", resetAt, ruleId: `/tools/t/limits/${counterKey}`,
});

describe("MemoryCounterStore", () => {
  test("admits while every counter has room and consumes nothing when one is full", async () => {
    const store = new MemoryCounterStore();
    expect(await store.take([charge("a", 3), charge("b", 1)])).toEqual({ admitted: true });
    const refused = await store.take([charge("a", 3), charge("b", 1)]);
    expect(refused).toMatchObject({ admitted: false, refusedBy: { counterKey: "b" }, used: 1 });
    // "a" was not consumed by the refused call: two more fit under its max of 3.
    expect(await store.take([charge("a", 3)])).toEqual({ admitted: true });
    expect(await store.take([charge("a", 3)])).toEqual({ admitted: true });
    expect(await store.take([charge("a", 3)])).toEqual({ admitted: false, refusedBy: charge("a", 3), used: 3 });
  });

  test("of several full counters, the one that resets last is named", async () => {
    const store = new MemoryCounterStore();
    const refused = await store.take([charge("a", 0, "2026-01-01T00:01:00.000Z"), charge("b", 0, "2026-01-01T01:00:00.000Z")]);
    expect(refused).toMatchObject({ admitted: false, refusedBy: { counterKey: "b" } });
  });

  test("charges of one count are merged, keeping the strictest max", () => {
    expect(mergeCharges([charge("a", 5), charge("a", 2), charge("b", 1)]).map((c) => [c.counterKey, c.max])).toEqual([["a", 2], ["b", 1]]);
  });
});

describe("refusalResult", () => {
  test("names decision, reason, rule and retry time, with the same as data in _meta", () => {
    const now = Date.parse("2026-01-01T00:00:30.000Z");
    const result = refusalResult({ decision: "rate_limited", reason: "Rate limit reached.", ruleId: "/tools/t/limits/0", retryAt: "2026-01-01T00:01:00.000Z" }, now);
    expect(result.isError).toBe(true);
    expect(result.content).toEqual([{ type: "text", text: "Warden refused this call (decision: rate_limited).\nReason: Rate limit reached.\nRule: /tools/t/limits/0\nRetry after: 2026-01-01T00:01:00.000Z (in 30 s)" }]);
    expect(result._meta).toEqual({ "dev.warden/decision": { decision: "rate_limited", reason: "Rate limit reached.", ruleId: "/tools/t/limits/0", retryAt: "2026-01-01T00:01:00.000Z" } });
  });
});

describe("host guard", () => {
  const guard = createHostGuard({ allowedHosts: ["gateway.example.com"], allowedOrigins: ["https://app.example.com"] });
  test.each([
    ["loopback host", { host: "127.0.0.1:3100" }, true],
    ["localhost", { host: "localhost:3100" }, true],
    ["IPv6 loopback", { host: "[::1]:3100" }, true],
    ["configured host", { host: "gateway.example.com" }, true],
    ["configured origin", { host: "gateway.example.com", origin: "https://app.example.com" }, true],
    ["rebinding host", { host: "evil.example:3100" }, false],
    ["missing host", {}, false],
    ["foreign origin", { host: "localhost:3100", origin: "http://localhost:8080" }, false],
    ["null origin", { host: "localhost:3100", origin: "null" }, false],
  ])("%s", (_name, headers, allowed) => {
    expect(guard(headers) === null).toBe(allowed);
  });
});
