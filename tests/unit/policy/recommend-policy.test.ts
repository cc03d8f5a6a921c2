import { describe, expect, test } from "vitest";
import { checkPolicy, compilePolicy, evaluate, filterTools, parsePolicy, recommendPolicy, type Decision } from "@/lib/policy";
import { MLFLOW_CATALOG } from "../risk/mlflow-catalog";
import { context } from "./helpers";

const recommended = recommendPolicy(MLFLOW_CATALOG);
const compiled = compilePolicy(recommended);
const decide = (tool: string): Decision => evaluate(compiled, { tool, args: {} }, context());

describe("recommendPolicy for the MLflow server", () => {
  test("is a valid document that passes its own static checks", () => {
    expect(parsePolicy(JSON.parse(JSON.stringify(recommended)))).toEqual({ ok: true, policy: recommended });
    expect(checkPolicy(recommended, MLFLOW_CATALOG)).toEqual([]);
  });

  test.each<[string, string, Partial<Decision> & { limit?: string }]>([
    ["a low-risk read is allowed without limits", "get_experiments", { kind: "allow", charges: [] }],
    ["a medium-risk read is allowed under 60 a minute", "get_artifact_content", { kind: "allow", limit: "60/60s grant" }],
    ["a medium-risk write is allowed under 30 a minute per grant", "set_experiment_tag", { kind: "allow", limit: "30/60s grant" }],
    ["a low-risk write is allowed under 60 a minute", "update_model_version", { kind: "allow", limit: "60/60s grant" }],
    ["a high-risk write needs approval", "set_model_alias", { kind: "approve", timeoutSeconds: 600 }],
    ["a delete is hidden", "delete_run", { kind: "hide" }],
    ["a tool that appears later is hidden until reviewed", "brand_new_tool", { kind: "hide", ruleId: "/default" }],
  ])("%s (%s)", (_name, tool, { limit, ...expected }) => {
    const decision = decide(tool);
    expect(decision).toMatchObject(expected);
    if (limit && decision.kind === "allow") {
      expect(decision.charges.map((c) => `${c.max}/${c.windowSeconds}s ${c.scope}`)).toEqual([limit]);
    }
  });

  test("lists no delete tool", () => {
    expect(filterTools(compiled, MLFLOW_CATALOG).filter((t) => t.name.startsWith("delete_"))).toEqual([]);
  });

  test("gives every limited tool its own counter", () => {
    const counters = Object.values(recommended.tools ?? {}).flatMap((e) => (e.limits ?? []).map((l) => l.counter));
    expect(new Set(counters).size).toBe(counters.length);
    expect(recommended.tools?.set_experiment_tag).toEqual({
      action: "allow",
      limits: [{ counter: "set_experiment_tag_rate", window: "minute", max: 30, scope: "grant" }],
    });
  });

  test("skips names that cannot be written as an exact key, leaving them to the default", () => {
    const document = recommendPolicy([{ name: "get things" }, { name: "get_*" }, { name: "get_ok" }]);
    expect(Object.keys(document.tools ?? {})).toEqual(["get_ok"]);
    expect(parsePolicy(document).ok).toBe(true);
  });
});
