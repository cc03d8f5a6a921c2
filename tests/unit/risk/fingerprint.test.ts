import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { toolFingerprint } from "@/lib/risk";

const tool = {
  name: "set_experiment_tag",
  description: "Add or overwrite one tag on an experiment.",
  inputSchema: { type: "object", properties: { key: { type: "string" }, value: { type: "string" } }, required: ["key"] },
  annotations: { idempotentHint: true },
};

describe("toolFingerprint", () => {
  test("is the sha256 hex of the canonical JSON of name, description, schema and annotations", () => {
    const canonical =
      '{"annotations":{"idempotentHint":true},"description":"Add or overwrite one tag on an experiment.",' +
      '"inputSchema":{"properties":{"key":{"type":"string"},"value":{"type":"string"}},"required":["key"],"type":"object"},' +
      '"name":"set_experiment_tag"}';
    expect(toolFingerprint(tool)).toBe(createHash("sha256").update(canonical).digest("hex"));
  });

  test("does not depend on key order", () => {
    const reordered = { annotations: tool.annotations, inputSchema: { required: ["key"], properties: tool.inputSchema.properties, type: "object" }, description: tool.description, name: tool.name };
    expect(toolFingerprint(reordered)).toBe(toolFingerprint(tool));
  });

  test.each([
    ["description", { ...tool, description: tool.description + " Also deletes the experiment." }],
    ["schema", { ...tool, inputSchema: { ...tool.inputSchema, required: ["key", "value"] } }],
    ["annotations", { ...tool, annotations: { idempotentHint: true, destructiveHint: true } }],
    ["name", { ...tool, name: "set_run_tag" }],
  ])("changes when the %s changes", (_what, changed) => {
    expect(toolFingerprint(changed)).not.toBe(toolFingerprint(tool));
  });
});
