// REST /api/v1/audit: filters, keyset pagination, streamed exports, tenant scoping.
import { describe, expect, test } from "vitest";
import { GET as listAudit } from "@/app/api/v1/audit/route";
import { GET as exportAudit } from "@/app/api/v1/audit/export/route";
import { db } from "@/lib/db";
import { apiRequest, makeTenant, params } from "./api-helpers";

/** Gateway-style rows inserted in bulk (the chain is not the subject here). */
const base = Date.parse("2030-01-01T12:00:00Z");

async function seedCalls(orgId: string, serverId: string, count: number, start = 0) {
  const decisions = ["allow", "deny", "rate_limited"];
  await db.auditEvent.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      orgId, seq: BigInt(start + i + 1), kind: "gateway", serverId, grantId: i % 2 === 0 ? "grt_even" : "grt_odd", method: "tools/call",
      tool: i % 3 === 0 ? "get_experiment" : "set_experiment_tag", decision: decisions[i % 3]!, reason: i % 3 === 1 ? "=cmd, denied" : null,
      latencyMs: 3, prevHash: "x", hash: `h${i}`, time: new Date(base - (count - i) * 1000),
    })),
  });
}

describe("REST /api/v1/audit", () => {
  test("keyset pages cover every row once, newest first; filters and search narrow", async () => {
    const t = await makeTenant("audit-pages");
    await seedCalls(t.org.id, t.server.id, 120);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/audit?limit=50${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await (await listAudit(apiRequest("GET", url, t.keys.viewer), params())).json();
      seen.push(...page.data.map((e: { id: string }) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
    expect(seen.map(BigInt)).toEqual([...seen.map(BigInt)].sort((x, y) => (x > y ? -1 : 1)));

    const filtered = await (await listAudit(apiRequest("GET", "/api/v1/audit?grantId=grt_even&decision=allow&limit=500", t.keys.viewer), params())).json();
    expect(filtered.data.length).toBe(20);
    expect(filtered.data.every((e: { grantId: string; decision: string }) => e.grantId === "grt_even" && e.decision === "allow")).toBe(true);
    const searched = await (await listAudit(apiRequest("GET", "/api/v1/audit?q=DENIED&limit=500", t.keys.viewer), params())).json();
    expect(searched.data.length).toBe(40);
    const from = new Date(base - 10_500).toISOString();
    const recent = await (await listAudit(apiRequest("GET", `/api/v1/audit?from=${encodeURIComponent(from)}&limit=500`, t.keys.viewer), params())).json();
    expect(recent.data.length).toBe(10);
  });

  test("CSV and JSON exports stream every filtered row; formula cells are neutralised", async () => {
    const t = await makeTenant("audit-export");
    await seedCalls(t.org.id, t.server.id, 4500);
    const csv = await exportAudit(apiRequest("GET", "/api/v1/audit/export?format=csv&tool=set_experiment_tag", t.keys.viewer), params());
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    const lines = (await csv.text()).trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^id,time,kind,grantId/);
    expect(lines.length).toBe(1 + 3000);
    expect(lines.some((l) => l.includes(`"'=cmd, denied"`))).toBe(true);
    const json = await (await exportAudit(apiRequest("GET", "/api/v1/audit/export?format=json", t.keys.viewer), params())).json();
    expect(json).toHaveLength(4500);
    expect(json[0]).toMatchObject({ kind: "gateway", method: "tools/call" });
  });

  test("validation, unauthenticated and another org's rows", async () => {
    const a = await makeTenant("audit-a");
    const b = await makeTenant("audit-b");
    await seedCalls(b.org.id, b.server.id, 5);
    for (const [query, pointer] of [["cursor=abc", "/cursor"], ["from=yesterday", "/from"], ["limit=0", "/limit"], ["kind=other", "/kind"]]) {
      const response = await listAudit(apiRequest("GET", `/api/v1/audit?${query}`, a.keys.viewer), params());
      expect(response.status, query).toBe(422);
      expect((await response.json()).error.pointer).toBe(pointer);
    }
    expect((await listAudit(apiRequest("GET", "/api/v1/audit", null), params())).status).toBe(401);
    expect((await exportAudit(apiRequest("GET", "/api/v1/audit/export", null), params())).status).toBe(401);
    const listA = await (await listAudit(apiRequest("GET", `/api/v1/audit?serverId=${b.server.id}`, a.keys.viewer), params())).json();
    expect(listA.data).toEqual([]);
    const exportA = await (await exportAudit(apiRequest("GET", "/api/v1/audit/export?format=json", a.keys.viewer), params())).json();
    expect(exportA).toEqual([]);
  });
});
