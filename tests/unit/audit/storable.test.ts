// Every string an audit row can hold is made storable (no NUL, no lone surrogate, bounded
// length), the change is marked in detail, escaping can be undone, and a stored row passes
// through unchanged, so the chain hashes what is stored.
import { describe, expect, test } from "vitest";
import { chainHash, toChainedRow } from "@/lib/audit/chain";
import { LONG_TEXT_MAX, SHORT_TEXT_MAX, storableRow, storableText, type StorageMarks } from "@/lib/audit/storable";

const marks = (): StorageMarks => ({ escaped: [], truncated: [] });

/** Undoes the escaping of a field listed under "escaped". */
const unescape = (text: string) => text.replace(/\\(\\|u[0-9a-f]{4})/g, (_, code: string) => (code === "\\" ? "\\" : String.fromCharCode(parseInt(code.slice(1), 16))));

/** What Postgres text and jsonb refuse: NUL, or a surrogate that is not half of a pair. */
// A lone surrogate does not survive UTF-8 (it becomes U+FFFD), so the round trip shows it.
const storable = (text: string) => !text.includes("\0") && new TextDecoder().decode(new TextEncoder().encode(text)) === text;

/** Every string in `value`, keys included. */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => [...(Array.isArray(value) ? [] : [key]), ...strings(item)]);
}

describe("storableText", () => {
  test.each([
    ["plain text", "search_experiments", "search_experiments", false],
    ["a valid pair", "tag 😀", "tag 😀", false],
    ["backslashes alone are kept", "C:\\runs\\1", "C:\\runs\\1", false],
    ["NUL", "\u0000", "\\u0000", true],
    ["a lone high surrogate", "\ud800", "\\ud800", true],
    ["a lone low surrogate", "\udfff", "\\udfff", true],
    ["a reversed pair", "\udc00\ud83d", "\\udc00\\ud83d", true],
    ["a mix, with a backslash", "a\u0000b\\\ud800😀\udfff", "a\\u0000b\\\\\\ud800😀\\udfff", true],
  ])("%s", (_name, input, expected, escaped) => {
    const m = marks();
    const stored = storableText(input, SHORT_TEXT_MAX, "tool", m);
    expect(stored).toBe(expected);
    expect(storable(stored)).toBe(true);
    expect(m.escaped).toEqual(escaped ? ["tool"] : []);
    if (escaped) expect(unescape(stored)).toBe(input);
  });

  test.each([
    ["plain", "x".repeat(10_000)],
    ["NULs (six units each once escaped)", "\u0000".repeat(5_000)],
    ["a pair across the cut", "x".repeat(SHORT_TEXT_MAX - 2) + "😀".repeat(100)],
    ["lone surrogates and pairs", "\ud800😀\udfff".repeat(3_000)],
  ])("a long string (%s) is cut to the limit, never inside a pair or an escape, and marked", (_name, input) => {
    const m = marks();
    const stored = storableText(input, SHORT_TEXT_MAX, "tool", m);
    expect(stored.length).toBeLessThanOrEqual(SHORT_TEXT_MAX);
    expect(stored.endsWith("…")).toBe(true);
    expect(storable(stored)).toBe(true);
    expect(m.truncated).toEqual(["tool"]);
    const kept = m.escaped.length > 0 ? unescape(stored.slice(0, -1)) : stored.slice(0, -1);
    expect(input.startsWith(kept)).toBe(true);
  });
});

describe("storableRow", () => {
  const poisoned = {
    requestId: "sess:\u0000",
    tool: "t\ud800",
    reason: `upstream said ${"\udfff".repeat(LONG_TEXT_MAX)}`,
    method: "tools/call",
    decision: "deny",
    detail: {
      explanation: "fine",
      nested: { "k\u0000": ["\ud800", 1, null, true] },
      "k\\u0000": "a different key that escapes to the same text",
    },
  };

  test("escapes every field and detail string (keys too), and lists them in detail", () => {
    const row = storableRow(poisoned);
    expect(row.requestId).toBe("sess:\\u0000");
    expect(row.tool).toBe("t\\ud800");
    expect(row.reason!.length).toBeLessThanOrEqual(LONG_TEXT_MAX);
    expect(row.detail).toEqual({
      explanation: "fine",
      nested: { "k\\u0000": ["\\ud800", 1, null, true] },
      "k\\u0000": "a different key that escapes to the same text",
      escaped: ["tool", "reason", "requestId", "detail.nested.k\\u0000", "detail.nested.k\\u0000.0"],
      truncated: ["reason"],
    });
    expect(strings(row).every(storable)).toBe(true);
  });

  test("keys that escape to the same text are both kept", () => {
    const row = storableRow({ detail: { "\u0000": 1, "\\u0000": 2 } });
    expect(row.detail).toEqual({ "\\u0000": 1, "\\u0000 (2)": 2, escaped: ["detail.\\u0000"] });
  });

  test("is idempotent, so buffering a made-storable event changes nothing when it is written", () => {
    const once = storableRow(poisoned);
    expect(storableRow(once)).toEqual(once);
    const now = new Date("2026-01-01T00:00:00.000Z");
    expect(toChainedRow("org_1", 1n, once, now)).toEqual(toChainedRow("org_1", 1n, poisoned, now));
  });

  test("a row that needs nothing is stored as it came (no marks)", () => {
    const row = storableRow({ tool: "get_run", method: "tools/call", decision: "allow", detail: { retryAt: "2026-01-01T00:00:00.000Z" } });
    expect(row.detail).toEqual({ retryAt: "2026-01-01T00:00:00.000Z" });
  });

  test("detail becomes plain JSON: no undefined, Dates as text, BigInt as text, NaN as null, __proto__ an own key", () => {
    const detail = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    Object.assign(detail, { gone: undefined, when: new Date("2026-01-01T00:00:00.000Z"), big: 10n ** 30n, nan: NaN, list: [undefined, -0] });
    const row = storableRow({ detail });
    expect(JSON.stringify(row.detail)).toBe('{"__proto__":{"polluted":true},"when":"2026-01-01T00:00:00.000Z","big":"1000000000000000000000000000000","nan":null,"list":[null,0]}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test("deep or circular detail is cut and marked", () => {
    const circular: Record<string, unknown> = { name: "loop" };
    circular.self = circular;
    let deep: unknown = "bottom";
    for (let i = 0; i < 100; i++) deep = [deep];
    const row = storableRow({ detail: { circular, deep } });
    const detail = row.detail as unknown as { circular: { self: unknown }; truncated: string[] };
    expect(detail.circular.self).toBe("[circular]");
    expect(detail.truncated).toEqual(["detail.circular.self", expect.stringMatching(/^detail\.deep(\.0)+$/)]);
    expect(JSON.stringify(row.detail)).toContain("nested deeper than 32 levels");
  });

  test("the chain hashes the stored form: the hash of the raw event equals the hash of what is stored", () => {
    const now = new Date("2026-01-01T00:00:00.000Z");
    const chained = toChainedRow("org_1", 1n, poisoned, now);
    const readBack = JSON.parse(JSON.stringify(chained)) as typeof chained;
    expect(chainHash("0".repeat(64), readBack)).toBe(chainHash("0".repeat(64), chained));
    expect(strings(chained).every(storable)).toBe(true);
  });

  test("an invalid or out-of-range time is replaced by the append time", () => {
    const now = new Date("2026-01-01T00:00:00.000Z");
    for (const time of [new Date(NaN), new Date("+020000-01-01T00:00:00.000Z")]) {
      expect(toChainedRow("org_1", 1n, { method: "m", decision: "d", time }, now).time).toBe(now.toISOString());
    }
  });
});
