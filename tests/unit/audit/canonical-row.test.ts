// The chain hashes each row's canonical JSON. canonicalRowJson writes it field by field in the
// known order instead of sorting keys per row; it must give exactly canonicalJson's text, or the
// chain written by the gateway would not verify.
import { describe, expect, test } from "vitest";
import { canonicalRowAroundSeq, canonicalRowJson, chainHash, toChainedRow, type ChainedRow } from "@/lib/audit/chain";
import { canonicalJson } from "@/lib/policy/canonical-json";
import { createHash } from "node:crypto";

const now = new Date("2026-12-01T10:00:00.123Z");
const details: (Record<string, unknown> | null)[] = [
  null,
  { retryAt: "2026-12-01T10:01:00.000Z", approvalId: "apr_1" },
  { "10": "ten", "9": "nine", b: 1, a: [3, { z: 1, y: null }], "": "empty" },
  { text: "quotes \" and \\ and \n and ünïcødé and 😀", nested: { deeper: { deepest: [true, false, 0, -0, 1.5e300] } } },
  { list: [1, "two", { three: 3 }], text: "a string", number: 42 },
];

describe("canonicalRowJson", () => {
  test.each(details.map((detail) => [JSON.stringify(detail)?.slice(0, 40) ?? "undefined", detail]))("equals canonicalJson for a chained row with detail %s", (_name, detail) => {
    const row = toChainedRow("org_1", 7n, { method: "tools/call", tool: "t", decision: "allow", latencyMs: 1.2345678, requestId: "s:1", detail }, now);
    expect(canonicalRowJson(row)).toBe(canonicalJson(row));
    expect(JSON.parse(canonicalRowJson(row))).toEqual(JSON.parse(canonicalJson(row)));
  });

  test("a row with a missing or an extra field takes the general path and still equals canonicalJson", () => {
    const row = toChainedRow("org_1", 1n, { method: "m", decision: "allow" }, now);
    const { tool: _tool, ...missing } = row;
    const extra = { ...row, zzz: "extra", aaa: { b: 1, a: 2 } } as unknown as ChainedRow;
    const undefinedField = { ...row, reason: undefined } as unknown as ChainedRow;
    for (const r of [missing as ChainedRow, extra, undefinedField]) expect(canonicalRowJson(r)).toBe(canonicalJson(r));
  });

  test("chainHash is sha256(prev ‖ canonical JSON), as the chain was always hashed", () => {
    const row = toChainedRow("org_1", 3n, { method: "tools/call", decision: "deny", detail: { b: [1], a: "x" } }, now);
    const prev = "f".repeat(64);
    expect(chainHash(prev, row)).toBe(createHash("sha256").update(prev).update(canonicalJson(row)).digest("hex"));
  });

  test.each(details.map((detail) => [JSON.stringify(detail)?.slice(0, 40) ?? "undefined", detail]))("cut around its sequence number, it gives the same text for any number (detail %s)", (_name, detail) => {
    const unnumbered = toChainedRow("org_1", 0n, { method: "tools/call", tool: "t", decision: "allow", reason: '"seq":"0"', requestId: "s:1", detail: detail && { ...detail, seq: "0" } }, now);
    const [before, after] = canonicalRowAroundSeq(unnumbered);
    for (const seq of [1n, 42n, 9_007_199_254_740_993n]) {
      const row = { ...unnumbered, seq: seq.toString() };
      expect(before + row.seq + after).toBe(canonicalJson(row));
    }
  });
});
