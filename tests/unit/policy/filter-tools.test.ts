import { describe, expect, test } from "vitest";
import { filterTools } from "@/lib/policy";
import { MLFLOW_CATALOG } from "../risk/mlflow-catalog";
import { compile, SEED_POLICY } from "./helpers";

const names = (tools: { name: string }[]) => tools.map((t) => t.name);

describe("filterTools: what tools/list shows", () => {
  test.each<[string, unknown, string[]]>([
    ["the seed policy lists only the tool it names", SEED_POLICY, ["set_experiment_tag"]],
    [
      "hidden tools and patterns disappear; denied tools stay listed",
      { version: "1", default: "allow", tools: { "delete_*": { action: "hide" }, "get_run*": { action: "deny" }, get_run: { action: "hide" } } },
      MLFLOW_CATALOG.map((t) => t.name).filter((n) => !n.startsWith("delete_") && n !== "get_run"),
    ],
    [
      "default deny lists what a pattern allows, and a more specific hide still wins",
      { version: "1", default: "deny", tools: { "get_*": {}, "get_run*": { action: "hide" }, get_run: {} } },
      MLFLOW_CATALOG.map((t) => t.name).filter((n) => n.startsWith("get_") && !(n.startsWith("get_run") && n !== "get_run")),
    ],
    [
      "approval and conditions do not hide a tool",
      { version: "1", default: "deny", tools: { set_model_alias: { action: "require_approval" }, set_run_tag: { when: [{ arg: "key", op: "eq", value: "x" }] } } },
      ["set_model_alias", "set_run_tag"],
    ],
  ])("%s", (_name, document, expected) => {
    expect(names(filterTools(compile(document), MLFLOW_CATALOG))).toEqual(expected);
  });

  test("keeps the objects it is given, in their order", () => {
    const tools = [{ name: "b", extra: 1 }, { name: "a", extra: 2 }];
    expect(filterTools(compile({ version: "1", default: "allow" }), tools)).toEqual(tools);
  });
});
