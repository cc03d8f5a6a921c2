/**
 * Decisions per second of the policy evaluator on one core, for a 40-tool policy with
 * patterns, conditions and limits (the MLflow server's catalog), and the time of compilePolicy.
 * Run: npm run bench:policy
 */
import { readFileSync } from "node:fs";
import { compilePolicy, evaluate, parsePolicy, type PolicyDocument, type ToolCall } from "@/lib/policy";

const TARGET_DECISIONS_PER_SECOND = 500_000;
const catalog = JSON.parse(readFileSync(new URL("../tests/fixtures/mlflow-mcp-tools.json", import.meta.url), "utf8")) as {
  tools: { name: string; class: string; params: { name: string; type: string }[] }[];
};

/** Reads pass a `when`, writes carry a limit and deny_if conditions, deletes need approval. */
function entryFor(tool: (typeof catalog.tools)[number], i: number): Record<string, unknown> {
  const firstParam = tool.params[0]?.name;
  const limits = [{ counter: `${tool.name}_rate`, window: i % 2 ? "minute" : 60, max: 30, scope: "grant" }];
  if (tool.class === "read") return firstParam ? { when: [{ arg: firstParam, op: "exists" }] } : {};
  if (tool.class === "delete") return { action: "require_approval", approval: { timeout: "10m" } };
  return {
    limits,
    deny_if: [
      { arg: "experiment_id", op: "in", value: ["0", "1", "2"] },
      { arg: "name", op: "regex", value: "^prod(uction)?[-_]" },
    ],
    when: firstParam ? [{ arg: firstParam, op: "exists" }] : [],
  };
}

function buildDocument(): PolicyDocument {
  const tools: Record<string, unknown> = Object.fromEntries(catalog.tools.map((t, i) => [t.name, entryFor(t, i)]));
  Object.assign(tools, {
    "get_*": { limits: [{ counter: "reads", window: "second", max: 50 }] },
    "delete_*": { action: "hide" },
    "set_*_tag": { deny_if: [{ arg: "key", op: "regex", value: "^mlflow\\." }] },
    "*": { action: "deny", reason: "Not reviewed yet." },
  });
  const parsed = parsePolicy({
    version: "1",
    default: "deny",
    tools,
    all_tools: { limits: [{ counter: "all_calls", window: "hour", max: 10_000, scope: "organization" }] },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.policy;
}

function buildCalls(): ToolCall[] {
  const calls: ToolCall[] = catalog.tools.map((t) => ({
    tool: t.name,
    args: Object.fromEntries(t.params.map((p) => [p.name, p.type === "integer" ? 5 : "exp_42"])),
  }));
  calls.push({ tool: "get_new_thing", args: {} }, { tool: "unknown_tool", args: {} });
  calls.push({ tool: "set_experiment_tag", args: { experiment_id: "1", key: "k", value: "v" } });
  return calls;
}

const document = buildDocument();
const compileRuns = 2_000;
let started = performance.now();
for (let i = 0; i < compileRuns; i++) compilePolicy(document);
const compileMs = (performance.now() - started) / compileRuns;
const rawDocument = JSON.parse(JSON.stringify(document)) as unknown;
started = performance.now();
for (let i = 0; i < compileRuns; i++) parsePolicy(rawDocument);
const parseMs = (performance.now() - started) / compileRuns;

const policy = compilePolicy(document);
const calls = buildCalls();
const context = { orgId: "org_bench", serverId: "srv_bench", grantId: "grt_bench", now: Date.UTC(2026, 10, 25, 12) };
const tally: Record<string, number> = {};
const runs = 2_000_000;
for (let i = 0; i < 200_000; i++) evaluate(policy, calls[i % calls.length]!, context); // warm-up
started = performance.now();
for (let i = 0; i < runs; i++) {
  context.now += 1; // a fresh instant per call, as in production
  const decision = evaluate(policy, calls[i % calls.length]!, context);
  tally[decision.kind] = (tally[decision.kind] ?? 0) + 1;
}
const seconds = (performance.now() - started) / 1000;
const perSecond = runs / seconds;

console.log(`policy: ${Object.keys(document.tools ?? {}).length} entries (40 tools + 4 patterns), all_tools limit`);
console.log(`compilePolicy: ${(compileMs * 1000).toFixed(1)} µs per compile (mean of ${compileRuns}); parsePolicy: ${(parseMs * 1000).toFixed(1)} µs`);
console.log(`evaluate: ${Math.round(perSecond).toLocaleString("en-US")} decisions/s (${((seconds / runs) * 1e9).toFixed(0)} ns each, ${runs.toLocaleString("en-US")} calls)`);
console.log(`decisions: ${JSON.stringify(tally)}`);
console.log(`ratio to target (${TARGET_DECISIONS_PER_SECOND.toLocaleString("en-US")}/s): ${(perSecond / TARGET_DECISIONS_PER_SECOND).toFixed(2)}×`);
