// The audit hash chain: appends from concurrent writers stay one unbroken chain, and
// verifyAuditChain names the first broken link after tampering of each kind.
import pg from "pg";
import { afterAll, describe, expect, test } from "vitest";
import { appendAuditEvents } from "@/lib/audit/append";
import { chainHash } from "@/lib/audit/chain";
import { recordAuditNow, verifyAuditChain } from "@/lib/audit/prisma-runner";
import type { SqlRunner } from "@/lib/audit/types";
import { db } from "@/lib/db";
import { account, removeTestData } from "./fixtures";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 8 });
afterAll(async () => {
  await pool.end();
  await removeTestData();
});

async function appendWithPg(orgId: string, count: number): Promise<void> {
  const client = await pool.connect();
  const runner: SqlRunner = { query: async (sql, params) => (await client.query(sql, params)).rows };
  try {
    await client.query("BEGIN");
    await appendAuditEvents(runner, orgId, Array.from({ length: count }, (_, i) => ({ method: "tools/call", tool: `t${i}`, decision: "allow", latencyMs: 1.2345678, detail: { i, nested: { b: 1, a: [1, "x"] } } })));
    await client.query("COMMIT");
  } finally {
    client.release();
  }
}

describe("audit chain", () => {
  test("concurrent appends over pg and Prisma form one verifiable chain", async () => {
    const { org } = await account("audit");
    await Promise.all([
      ...Array.from({ length: 6 }, () => appendWithPg(org.id, 5)),
      ...Array.from({ length: 4 }, (_, i) => recordAuditNow(org.id, [{ kind: "control", method: "grant.created", decision: "created", reason: `r${i}` }])),
    ]);
    const result = await verifyAuditChain(org.id);
    expect(result).toEqual({ ok: true, events: 34, lastHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  test.each([
    ["a changed field", `UPDATE audit_events SET decision = 'deny' WHERE "orgId" = $1 AND seq = 3`, "3", /changed/],
    ["a removed event", `DELETE FROM audit_events WHERE "orgId" = $1 AND seq = 2`, "3", /sequence gap/],
    ["a rewritten hash", `UPDATE audit_events SET hash = repeat('a', 64) WHERE "orgId" = $1 AND seq = 2`, "2", /changed/],
    ["a removed last event", `DELETE FROM audit_events WHERE "orgId" = $1 AND seq = 4`, "4", /head/],
  ])("reports %s", async (_name, tamper, brokenAtSeq, reason) => {
    const { org } = await account("tamper");
    await appendWithPg(org.id, 4);
    expect((await verifyAuditChain(org.id)).ok).toBe(true);
    await pool.query(tamper, [org.id]);
    const result = await verifyAuditChain(org.id);
    expect(result).toMatchObject({ ok: false, brokenAtSeq });
    expect(!result.ok && result.reason).toMatch(reason);
  });

  test("the database hashes each row as the verifier does, whatever its text holds", async () => {
    const { org } = await account("unicode");
    const runner: SqlRunner = { query: async (sql, params) => (await pool.query(sql, params)).rows };
    const texts = ["ünïcødé 😀", 'quotes " and \\ and \n', "\u2028 line separator", "plain"];
    const stored = await appendAuditEvents(runner, org.id, texts.map((reason, i) => ({ method: "tools/call", decision: "allow", reason, detail: { i, reason, "10": 1, "9": [reason] } })));
    const head = await pool.query<{ lastHash: string }>(`SELECT "lastHash" FROM audit_chain_heads WHERE "orgId" = $1`, [org.id]);
    let prev = stored[0]!.prevHash;
    for (const { prevHash, hash, ...row } of stored) {
      expect(prevHash).toBe(prev);
      expect(hash).toBe(chainHash(prevHash, row));
      prev = hash;
    }
    expect(head.rows[0]!.lastHash).toBe(prev);
    expect(await verifyAuditChain(org.id)).toMatchObject({ ok: true });
  });

  test("an organization without events verifies as empty", async () => {
    const { org } = await account("empty");
    await db.auditEvent.deleteMany({ where: { orgId: org.id } });
    await db.auditChainHead.deleteMany({ where: { orgId: org.id } });
    expect(await verifyAuditChain(org.id)).toEqual({ ok: true, events: 0, lastHash: "0".repeat(64) });
  });
});
