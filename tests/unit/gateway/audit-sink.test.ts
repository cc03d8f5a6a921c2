// The audit sink batches, retries while the database is away (checking for rows a lost commit
// may have stored), keeps order, drains on shutdown, and says when it can take no more. A batch
// the database refuses for a row's content is split until that row is found; it is stored in
// its safe form and every other row as it is, in order.
import pino from "pino";
import { describe, expect, test, vi } from "vitest";
import { AuditSink } from "@/gateway/audit/audit-sink";
import type { AuditWriter, GatewayAuditEvent } from "@/gateway/audit/pg-audit-writer";

const logger = pino({ level: "silent" });
const event = (i: number): GatewayAuditEvent => ({ orgId: "org_1", eventId: `e${i}`, method: "tools/call", decision: "allow" });

class FakeWriter implements AuditWriter {
  written: string[] = [];
  calls: { size: number; mayBeStored: boolean }[] = [];
  down = false;
  async write(events: readonly GatewayAuditEvent[], mayBeStored: boolean): Promise<void> {
    this.calls.push({ size: events.length, mayBeStored });
    if (this.down) throw new Error("connection refused");
    this.written.push(...events.map((e) => e.eventId));
  }
}

describe("AuditSink", () => {
  test("writes in batches of at most batchSize, in order", async () => {
    vi.useFakeTimers();
    const writer = new FakeWriter();
    const sink = new AuditSink(writer, { batchSize: 100, flushMs: 50, maxBuffered: 10_000 }, logger);
    for (let i = 0; i < 250; i++) sink.record(event(i));
    await vi.runAllTimersAsync();
    expect(writer.calls.map((c) => c.size)).toEqual([100, 100, 50]);
    expect(writer.written).toEqual(Array.from({ length: 250 }, (_, i) => `e${i}`));
    vi.useRealTimers();
  });

  test("a small batch waits flushMs", async () => {
    vi.useFakeTimers();
    const writer = new FakeWriter();
    const sink = new AuditSink(writer, { batchSize: 100, flushMs: 50, maxBuffered: 10_000 }, logger);
    sink.record(event(1));
    await vi.advanceTimersByTimeAsync(49);
    expect(writer.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(writer.written).toEqual(["e1"]);
    vi.useRealTimers();
  });

  test("while the database is down rows wait; the first write after it returns checks for already stored rows", async () => {
    vi.useFakeTimers();
    const writer = new FakeWriter();
    writer.down = true;
    const sink = new AuditSink(writer, { batchSize: 100, flushMs: 50, maxBuffered: 10_000 }, logger);
    for (let i = 0; i < 3; i++) sink.record(event(i));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(writer.written).toEqual([]);
    expect(sink.depth).toBe(3);
    writer.down = false;
    await vi.advanceTimersByTimeAsync(2_100);
    expect(writer.written).toEqual(["e0", "e1", "e2"]);
    expect(writer.calls.at(-1)).toEqual({ size: 3, mayBeStored: true });
    expect(sink.depth).toBe(0);
    vi.useRealTimers();
  });

  test("stops accepting before the buffer is full, and drain() writes what is left", async () => {
    const writer = new FakeWriter();
    writer.down = true;
    const sink = new AuditSink(writer, { batchSize: 100, flushMs: 60_000, maxBuffered: 1_100 }, logger);
    for (let i = 0; i < 99; i++) sink.record(event(i));
    expect(sink.accepting).toBe(true);
    sink.record(event(99));
    sink.record(event(100));
    expect(sink.accepting).toBe(false);
    writer.down = false;
    expect(await sink.drain(5_000)).toBe(0);
    expect(writer.written).toHaveLength(101);
  });
});

/** A database error as pg reports it: the SQLSTATE in `code`. */
const dbError = (code: string, message: string) => Object.assign(new Error(message), { code });

/**
 * An in-memory store that behaves like Postgres for the audit: a write is one transaction (all or
 * nothing), it skips stored ids when told they may be stored, and it refuses what Postgres would:
 * a policyVersion beyond int4 (22003), an organization that no longer exists (23503) — and, while
 * `down`, everything (a lost connection, no SQLSTATE).
 */
class RefusingWriter implements AuditWriter {
  stored: GatewayAuditEvent[] = [];
  calls: { ids: string[]; mayBeStored: boolean; outcome: string }[] = [];
  down = false;
  /** Goes down after this many more successful writes (to cut a split short). */
  downAfter = Infinity;
  async write(events: readonly GatewayAuditEvent[], mayBeStored: boolean): Promise<void> {
    const call = { ids: events.map((e) => e.eventId), mayBeStored, outcome: "ok" };
    this.calls.push(call);
    const refusal = this.refusal(events);
    if (refusal) {
      call.outcome = refusal instanceof Error && "code" in refusal ? String(refusal.code) : "down";
      throw refusal;
    }
    const ids = new Set(this.stored.map((e) => e.eventId));
    this.stored.push(...events.filter((e) => !(mayBeStored && ids.has(e.eventId))));
    this.downAfter -= 1;
  }
  private refusal(events: readonly GatewayAuditEvent[]): Error | null {
    if (this.down || this.downAfter <= 0) return Object.assign(new Error("Connection terminated unexpectedly"), { code: undefined });
    if (events.some((e) => e.orgId === "org_gone")) return dbError("23503", 'insert or update on table "audit_chain_heads" violates foreign key constraint');
    if (events.some((e) => (e.policyVersion ?? 0) > 2_147_483_647)) return dbError("22003", "integer out of range");
    return null;
  }
}

const bad = (i: number): GatewayAuditEvent => ({ ...event(i), policyVersion: 2 ** 40, reason: `bad \u{1F600} ${i}` });

describe("AuditSink with rows the database refuses", () => {
  const options = { batchSize: 100, flushMs: 50, maxBuffered: 10_000, rowErrorAttempts: 2 };

  test("a batch with one bad row is tried rowErrorAttempts times, then split: the bad row is stored in its safe form, in its place, and the rest as they are", async () => {
    vi.useFakeTimers();
    const writer = new RefusingWriter();
    const failures: number[] = [];
    const sink = new AuditSink(writer, options, logger, undefined, () => failures.push(1));
    for (let i = 0; i < 100; i++) sink.record(i === 37 ? bad(i) : event(i));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(writer.stored.map((e) => e.eventId)).toEqual(Array.from({ length: 100 }, (_, i) => `e${i}`));
    expect(writer.calls.slice(0, 2).map((c) => [c.ids.length, c.outcome])).toEqual([[100, "22003"], [100, "22003"]]);
    // Bisection: about two writes per halving, not one write per row.
    expect(writer.calls.length).toBeLessThan(20);
    const safe = writer.stored[37]!;
    expect(safe).toMatchObject({ eventId: "e37", orgId: "org_1", method: "tools/call", decision: "allow", policyVersion: null, reason: "bad \\ud83d\\ude00 37" });
    expect(safe.detail).toEqual({ unstorable: { sqlState: "22003", error: "integer out of range" } });
    expect(sink.storedSafely).toBe(1);
    expect(sink.depth).toBe(0);
    // Failures stop once the row is stored: nothing more is written or counted.
    const counted = failures.length;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(failures.length).toBe(counted);
    vi.useRealTimers();
  });

  test("several bad rows across batches: every row is stored once, in order, and later batches flow", async () => {
    vi.useFakeTimers();
    const writer = new RefusingWriter();
    const sink = new AuditSink(writer, options, logger);
    const badOnes = new Set([0, 1, 99, 100, 150, 249]);
    for (let i = 0; i < 250; i++) sink.record(badOnes.has(i) ? bad(i) : event(i));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(writer.stored.map((e) => e.eventId)).toEqual(Array.from({ length: 250 }, (_, i) => `e${i}`));
    expect(writer.stored.filter((e) => e.detail && "unstorable" in e.detail).map((e) => e.eventId)).toEqual([...badOnes].map((i) => `e${i}`));
    sink.record(event(250));
    await vi.advanceTimersByTimeAsync(100);
    expect(writer.stored.at(-1)?.eventId).toBe("e250");
    vi.useRealTimers();
  });

  test("a row refused even in its safe form (its organization is gone) is dropped and logged, and the others are written", async () => {
    vi.useFakeTimers();
    const writer = new RefusingWriter();
    const lines: { level: number; msg: string }[] = [];
    const recording = pino({ level: "warn" }, { write: (line: string) => void lines.push(JSON.parse(line) as { level: number; msg: string }) });
    const sink = new AuditSink(writer, options, recording);
    for (let i = 0; i < 10; i++) sink.record(i === 4 ? { ...event(i), orgId: "org_gone" } : event(i));
    await vi.advanceTimersByTimeAsync(2_000);
    expect(writer.stored.map((e) => e.eventId)).toEqual(["e0", "e1", "e2", "e3", "e5", "e6", "e7", "e8", "e9"]);
    expect(sink.dropped).toBe(1);
    expect(sink.depth).toBe(0);
    expect(lines.some((l) => l.level === 50 && /refused an audit event in any form/.test(l.msg))).toBe(true);
    vi.useRealTimers();
  });

  test("while the database is down nothing is split: the whole batch waits and is retried with back-off", async () => {
    vi.useFakeTimers();
    const writer = new RefusingWriter();
    writer.down = true;
    const sink = new AuditSink(writer, options, logger);
    for (let i = 0; i < 10; i++) sink.record(i === 3 ? bad(i) : event(i));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(new Set(writer.calls.map((c) => c.ids.length))).toEqual(new Set([10]));
    // Back-off: a handful of attempts in ten seconds, not one per flush interval.
    expect(writer.calls.length).toBeLessThan(15);
    expect(sink.depth).toBe(10);
    writer.down = false;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(writer.stored.map((e) => e.eventId)).toEqual(Array.from({ length: 10 }, (_, i) => `e${i}`));
    vi.useRealTimers();
  });

  test("the database going away during a split stops it; the rows not yet written wait, and none is written twice", async () => {
    vi.useFakeTimers();
    const writer = new RefusingWriter();
    writer.downAfter = 2;
    const sink = new AuditSink(writer, options, logger);
    for (let i = 0; i < 64; i++) sink.record(i === 60 ? bad(i) : event(i));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(writer.stored.length).toBeGreaterThan(0);
    expect(sink.depth).toBe(64 - writer.stored.length);
    writer.downAfter = Infinity;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(writer.stored.map((e) => e.eventId)).toEqual(Array.from({ length: 64 }, (_, i) => `e${i}`));
    vi.useRealTimers();
  });

  test("an event is buffered in its storable form: NUL and lone surrogates escaped and marked", async () => {
    vi.useFakeTimers();
    const writer = new RefusingWriter();
    const sink = new AuditSink(writer, options, logger);
    sink.record({ ...event(1), requestId: "s:\u0000", tool: "\ud800", reason: "x".repeat(100_000) });
    await vi.advanceTimersByTimeAsync(100);
    const stored = writer.stored[0]!;
    expect(stored).toMatchObject({ requestId: "s:\\u0000", tool: "\\ud800" });
    expect(stored.reason!.length).toBeLessThanOrEqual(8_192);
    expect(stored.detail).toEqual({ escaped: ["tool", "requestId"], truncated: ["reason"] });
    vi.useRealTimers();
  });
});
