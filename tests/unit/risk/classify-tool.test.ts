import { describe, expect, test } from "vitest";
import { classifyTool, type ToolDescriptor } from "@/lib/risk";
import { MLFLOW_CATALOG, MLFLOW_REFERENCE } from "./mlflow-catalog";

describe("classifyTool on the MLflow MCP server's 40 tools", () => {
  const results = MLFLOW_CATALOG.map((tool, i) => ({ tool, reference: MLFLOW_REFERENCE[i]!, got: classifyTool(tool) }));

  test("the fixture holds 40 tools", () => expect(results).toHaveLength(40));

  test.each(results.map((r) => [r.tool.name, r] as const))("%s gets the reference class", (_name, r) => {
    expect(r.got.class).toBe(r.reference.class);
  });

  test("the reference risk for at least 36 of 40", () => {
    const misses = results.filter((r) => r.got.risk !== r.reference.risk).map((r) => `${r.tool.name}: ${r.got.risk} ≠ ${r.reference.risk}`);
    expect(misses.length, misses.join("\n")).toBeLessThanOrEqual(4);
  });
});

const schema = (props: Record<string, string>, required: string[] = Object.keys(props)) => ({
  type: "object",
  properties: Object.fromEntries(Object.entries(props).map(([k, type]) => [k, { type }])),
  required,
});

// Tools of other servers: the rules are general, not a table of MLflow names.
const cases: [string, ToolDescriptor, { class: string; risk: string }][] = [
  ["GitHub-style list read", { name: "list_issues", inputSchema: schema({ repo: "string" }) }, { class: "read", risk: "low" }],
  ["camelCase read", { name: "getPullRequest", inputSchema: schema({ number: "integer" }) }, { class: "read", risk: "low" }],
  ["kebab-case delete", { name: "delete-branch", inputSchema: schema({ branch: "string" }) }, { class: "delete", risk: "high" }],
  ["noun-first delete", { name: "repository_remove", annotations: { destructiveHint: true } }, { class: "delete", risk: "high" }],
  ["delete of a comment is a leaf", { name: "delete_comment", inputSchema: schema({ comment_id: "string" }) }, { class: "delete", risk: "medium" }],
  ["delete said to be permanent", { name: "delete_comment", description: "Permanently deletes a comment." }, { class: "delete", risk: "high" }],
  ["soft delete", { name: "delete_project", description: "Soft-deletes a project; it can be restored for 30 days." }, { class: "delete", risk: "medium" }],
  ["filesystem read of a path", { name: "read_file", inputSchema: schema({ path: "string" }) }, { class: "read", risk: "medium" }],
  ["read of secrets", { name: "get_secret", inputSchema: schema({ name: "string" }) }, { class: "read", risk: "high" }],
  ["write verb", { name: "create_issue", inputSchema: schema({ title: "string", body: "string" }) }, { class: "write", risk: "medium" }],
  ["descriptive-only write", { name: "update_issue", inputSchema: schema({ issue_id: "string", description: "string" }) }, { class: "write", risk: "low" }],
  ["far-reaching write", { name: "deploy_service", inputSchema: schema({ service: "string" }) }, { class: "write", risk: "high" }],
  ["permission write", { name: "add_role_binding", inputSchema: schema({ user: "string", role: "string" }) }, { class: "write", risk: "high" }],
  ["destructive hint on a write", { name: "reset_database", annotations: { destructiveHint: true } }, { class: "write", risk: "high" }],
  ["read-only hint without a verb", { name: "health", annotations: { readOnlyHint: true } }, { class: "read", risk: "low" }],
  ["weak read word without hints", { name: "server_status" }, { class: "read", risk: "low" }],
  ["description fallback: read", { name: "weather", description: "Returns the forecast for a city." }, { class: "read", risk: "low" }],
  ["description fallback: delete, of something unnamed", { name: "cleanup", description: "Removes stale build caches." }, { class: "delete", risk: "high" }],
  ["nothing known: treated as write", { name: "frobnicate" }, { class: "write", risk: "medium" }],
  ["write verb beats a read-only hint", { name: "set_flag", annotations: { readOnlyHint: true } }, { class: "write", risk: "medium" }],
  ["read verb contradicted by readOnlyHint false", { name: "get_or_create_user", annotations: { readOnlyHint: false } }, { class: "write", risk: "medium" }],
];

describe("classifyTool on tools of other servers", () => {
  test.each(cases)("%s", (_name, tool, expected) => {
    const got = classifyTool(tool);
    expect({ class: got.class, risk: got.risk }).toEqual(expected);
    expect(got.reasons.length).toBeGreaterThan(0);
  });
});

describe("classifyTool keeps its reasons apart", () => {
  test.each(MLFLOW_CATALOG.map((tool) => [tool.name, tool] as const))("%s: class reasons, then risk reasons", (_name, tool) => {
    const got = classifyTool(tool);
    expect(got.classReasons.length).toBeGreaterThan(0);
    expect(got.riskReasons.length).toBeGreaterThan(0);
    expect(got.reasons).toEqual([...got.classReasons, ...got.riskReasons]);
  });
});
