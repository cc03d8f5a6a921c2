// The audit log at scale: 1,000,000 rows in one organization. A deep keyset page and a filtered
// page are index scans that read about one page of rows — no sort, no sequential scan — however
// deep the page. Plans and rows read, not timings: that shape is what keeps it fast.
import { beforeAll, describe, expect, test } from "vitest";
import { db } from "@/lib/db";
import { listAuditEvents } from "@/lib/data/audit-log";
import { GET as exportAudit } from "@/app/api/v1/audit/export/route";
import { makeApiKey } from "../helpers/factories";
import { makeAccount } from "../helpers/factories";

const ROWS = 1_000_000;
let orgId: string;

beforeAll(async () => {
  orgId = (await makeAccount("scale")).org.id;
  await db.$executeRaw`
    INSERT INTO audit_events ("orgId", seq, time, kind, "grantId", method, tool, decision, "prevHash", hash)
    SELECT ${orgId}, g, now() - (${ROWS} - g) * interval '1 second', 'gateway', 'grt_' || (g % 50), 'tools/call',
      'tool_' || (g % 40), (ARRAY['allow','deny','rate_limited'])[1 + g % 3], 'x', 'h'
    FROM generate_series(1, ${ROWS}) AS g`;
  await db.$executeRawUnsafe(`ANALYZE audit_events`);
}, 300_000);

type PlanNode = { "Node Type": string; "Index Name"?: string; "Actual Rows"?: number; "Rows Removed by Filter"?: number; Plans?: PlanNode[] };

async function planOf(sql: string, ...params: unknown[]): Promise<PlanNode[]> {
  const rows = await db.$queryRawUnsafe<{ "QUERY PLAN": [{ Plan: PlanNode }] }[]>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, ...params);
  const flat: PlanNode[] = [];
  const walk = (node: PlanNode) => (flat.push(node), node.Plans?.forEach(walk));
  walk(rows[0]!["QUERY PLAN"][0].Plan);
  return flat;
}

/** Index scans only, no sort, and the rows the scans touched stay near one page. */
function expectBoundedIndexScan(nodes: PlanNode[]) {
  const types = nodes.map((n) => n["Node Type"]);
  expect(types).not.toContain("Seq Scan");
  expect(types).not.toContain("Sort");
  const scans = nodes.filter((n) => n["Node Type"].startsWith("Index"));
  expect(scans.length).toBeGreaterThan(0);
  const touched = scans.reduce((sum, n) => sum + (n["Actual Rows"] ?? 0) + (n["Rows Removed by Filter"] ?? 0), 0);
  expect(touched).toBeLessThan(1000);
}

describe("audit keyset pagination on 1,000,000 rows", () => {
  test("a deep page is an index scan on (orgId, id) with no sort, and matches the API's page", async () => {
    const cursor = 123_456n + (await db.auditEvent.findFirstOrThrow({ where: { orgId }, orderBy: { id: "asc" } })).id;
    const nodes = await planOf(`SELECT * FROM audit_events WHERE "orgId" = $1 AND id < $2 ORDER BY id DESC LIMIT 51`, orgId, cursor);
    expectBoundedIndexScan(nodes);

    const page = await listAuditEvents(orgId, { cursor: cursor.toString(), limit: 50 });
    expect(page.data).toHaveLength(50);
    expect(BigInt(page.data[0]!.id)).toBe(cursor - 1n);
    expect(page.nextCursor).toBe(page.data[49]!.id);
  });

  test.each([
    ["grantId", `"grantId"`, "grt_7"],
    ["tool", "tool", "tool_3"],
    ["decision", "decision", "deny"],
  ])("filtered by %s, deep in the log: a bounded index scan", async (_name, column, value) => {
    const first = (await db.auditEvent.findFirstOrThrow({ where: { orgId }, orderBy: { id: "asc" } })).id;
    const nodes = await planOf(`SELECT * FROM audit_events WHERE "orgId" = $1 AND ${column} = $2 AND id < $3 ORDER BY id DESC LIMIT 51`, orgId, value, first + 200_000n);
    expectBoundedIndexScan(nodes);
  });

  test("the CSV export streams 100,000 filtered rows in chunks", async () => {
    const key = await makeApiKey(orgId, "viewer");
    const newest = await db.auditEvent.findFirstOrThrow({ where: { orgId }, orderBy: { id: "desc" } });
    const from = new Date(newest.time.getTime() - 99_999_000).toISOString(); // the newest 100,000 seconds = rows
    const response = await exportAudit(
      new Request(`http://localhost/api/v1/audit/export?format=csv&from=${encodeURIComponent(from)}`, { headers: { authorization: `Bearer ${key.token}` } }),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(200);
    // Count lines as the chunks arrive, without holding the whole file.
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let lines = 0;
    let chunks = 0;
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      chunks += 1;
      lines += decoder.decode(next.value, { stream: true }).split("\r\n").length - 1;
    }
    expect(lines).toBe(1 + 100_000);
    expect(chunks).toBeGreaterThan(10); // streamed in batches, not one buffer
  });
});
