// The audit filters shared by the audit page, the REST API and the exports: text that Postgres
// cannot compare (NUL) is refused as a bad filter, naming it, instead of failing the query (500).
import { describe, expect, test } from "vitest";
import { auditFiltersSchema, auditListQuerySchema } from "@/lib/schemas/audit";

describe("audit filters", () => {
  test.each([
    ["a decision", { decision: "allow" }, { decision: "allow" }],
    ["an empty filter means none", { tool: "", q: "  " }, {}],
    ["a tool with spaces around it", { tool: " get_run " }, { tool: "get_run" }],
  ])("accepts %s", (_name, input, expected) => {
    expect(auditFiltersSchema.parse(input)).toEqual(expected);
  });

  test.each([
    ["decision", { decision: "\u0000" }],
    ["tool", { tool: "get\u0000run" }],
    ["q", { q: "x\u0000" }],
    ["grantId", { grantId: "grt_\u0000" }],
  ])("refuses NUL in %s, naming the filter", (field, input) => {
    const parsed = auditListQuerySchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: [field], message: "Must not contain a NUL character" });
  });
});
