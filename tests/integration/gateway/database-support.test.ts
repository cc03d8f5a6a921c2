// The database side of the gateway: the atomic counter function, the version bumps and the
// change notifications that triggers send for every writer.
import pg from "pg";
import { afterAll, describe, expect, test } from "vitest";
import { createGrant, revokeGrant, rotateGrant } from "@/lib/data/grants";
import { hashToken } from "@/lib/crypto";
import { db } from "@/lib/db";
import { PostgresCounterStore } from "@/gateway/counters/postgres-counter-store";
import { makeSetup, removeTestData } from "./fixtures";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
afterAll(async () => {
  await pool.end();
  await removeTestData();
});

const take = (keys: string[], maxes: number[]) =>
  pool.query<{ admitted: boolean; ordinal: number; used: number }>(
    "SELECT * FROM warden_take_counters($1::text[], $2::timestamp(3)[], $3::int[], $4::timestamp(3)[])",
    [keys, keys.map(() => "2026-01-01T00:00:00.000Z"), maxes, keys.map(() => "2026-01-01T00:01:00.000Z")],
  );

describe("warden_take_counters", () => {
  test("admits exactly max under concurrency", async () => {
    const key = `k-${Math.random()}`;
    const results = await Promise.all(Array.from({ length: 120 }, () => take([key], [37])));
    expect(results.filter((r) => r.rows[0]!.admitted).length).toBe(37);
  });

  test("takes all counters or none: a full second counter refuses and the first is not consumed", async () => {
    const a = `a-${Math.random()}`;
    const b = `b-${Math.random()}`;
    expect((await take([a, b], [5, 1])).rows.every((r) => r.admitted)).toBe(true);
    const refused = await take([a, b], [5, 1]);
    expect(refused.rows.map((r) => [r.admitted, r.used])).toEqual([[false, 1], [false, 1]]);
  });

  test("overlapping counter sets in opposite order do not deadlock", async () => {
    const a = `x-${Math.random()}`;
    const b = `y-${Math.random()}`;
    const calls = Array.from({ length: 60 }, (_, i) => (i % 2 ? take([a, b], [1000, 1000]) : take([b, a], [1000, 1000])));
    await Promise.all(calls);
    const counts = await pool.query("SELECT count FROM counters WHERE key = ANY($1)", [[a, b]]);
    expect(counts.rows.map((r) => r.count)).toEqual([60, 60]);
  });
});

describe("PostgresCounterStore", () => {
  test("old windows are cleaned up, current ones kept", async () => {
    const key = `old-${Math.random()}`;
    await pool.query(
      `INSERT INTO counters (key, "windowStart", count, "expiresAt") VALUES ($1, '2020-01-01T00:00:00Z', 3, '2020-01-01T00:02:00Z'), ($1, '2099-01-01T00:00:00Z', 1, '2099-01-01T00:02:00Z')`,
      [key],
    );
    const store = new PostgresCounterStore(pool);
    expect(await store.cleanup()).toBeGreaterThanOrEqual(1);
    const left = await pool.query(`SELECT to_char("windowStart", 'YYYY') AS year FROM counters WHERE key = $1`, [key]);
    expect(left.rows).toEqual([{ year: "2099" }]);
  });
});

describe("warden_take_counter_batch", () => {
  const batch = (calls: number[], keys: string[], maxes: number[]) =>
    pool.query<{ call: number; admitted: boolean; ordinal: number; full_counter: boolean }>(
      "SELECT * FROM warden_take_counter_batch($1::int[], $2::text[], $3::timestamp(3)[], $4::int[], $5::timestamp(3)[])",
      [calls, keys, keys.map(() => "2026-01-01T00:00:00.000Z"), maxes, keys.map(() => "2026-01-01T00:01:00.000Z")],
    );

  test("decides the calls of a batch in order, each all or nothing", async () => {
    const a = `ba-${Math.random()}`;
    const b = `bb-${Math.random()}`;
    // Call 1 takes a and b; call 2 takes b (now full) and a, so it is refused and a is untouched; call 3 takes a.
    const { rows } = await batch([1, 1, 2, 2, 3], [a, b, b, a, a], [2, 1, 1, 2, 2]);
    expect(rows.map((r) => [r.call, r.admitted, r.full_counter])).toEqual([[1, true, false], [1, true, false], [2, false, true], [2, false, false], [3, true, false]]);
    const counts = await pool.query("SELECT key, count FROM counters WHERE key = ANY($1) ORDER BY key", [[a, b]]);
    expect(counts.rows.map((r) => r.count)).toEqual([2, 1]);
  });

  test("concurrent batches sharing counters in opposite orders stay exact and do not deadlock", async () => {
    const a = `ca-${Math.random()}`;
    const b = `cb-${Math.random()}`;
    const runs = Array.from({ length: 40 }, (_, i) => (i % 2 ? batch([1, 2], [a, b], [25, 25]) : batch([1, 2], [b, a], [25, 25])));
    const results = await Promise.all(runs);
    expect(results.flatMap((r) => r.rows).filter((row) => row.admitted).length).toBe(50);
  });
});

describe("grants and change notifications", () => {
  test("revoke and rotate bump the version and notify with ids and versions only", async () => {
    const setup = await makeSetup({ transport: "http", url: "http://127.0.0.1:1/mcp" });
    const listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await listener.connect();
    const payloads: Record<string, unknown>[] = [];
    listener.on("notification", (n) => payloads.push(JSON.parse(n.payload ?? "{}")));
    await listener.query("LISTEN warden_changes");
    try {
      const rotated = await rotateGrant(setup.orgId, setup.grant.id);
      expect(rotated.token).not.toBe(setup.token);
      const row = await db.grant.findUniqueOrThrow({ where: { id: setup.grant.id } });
      expect(row).toMatchObject({ tokenHash: hashToken(rotated.token), version: 2 });
      expect(await revokeGrant(setup.orgId, setup.grant.id)).toBe(true);
      expect(await revokeGrant(setup.orgId, setup.grant.id)).toBe(false);
      await db.grant.update({ where: { id: setup.grant.id }, data: { lastUsedAt: new Date() } });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const mine = payloads.filter((p) => p.id === setup.grant.id);
      expect(mine).toEqual([
        { table: "grants", op: "update", orgId: setup.orgId, id: setup.grant.id, serverId: setup.server.id, version: 2 },
        { table: "grants", op: "update", orgId: setup.orgId, id: setup.grant.id, serverId: setup.server.id, version: 3 },
      ]);
    } finally {
      await listener.end();
    }
  });

  test("another organization's grant is not found, and a policy of another server is refused", async () => {
    const a = await makeSetup({ transport: "http", url: "http://127.0.0.1:1/mcp" });
    const b = await makeSetup({ transport: "http", url: "http://127.0.0.1:1/mcp" });
    await expect(revokeGrant(b.orgId, a.grant.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(createGrant(b.orgId, { serverId: a.server.id, policyId: a.policy.id, name: "x" })).rejects.toMatchObject({ code: "not_found" });
    await expect(createGrant(a.orgId, { serverId: a.server.id, policyId: b.policy.id, name: "x" })).rejects.toMatchObject({ code: "not_found" });
  });
});
