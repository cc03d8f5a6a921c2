// The audit sink batches, retries while the database is away (checking for rows a lost commit
// may have stored), keeps order, drains on shutdown, and says when it can take no more.
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
