// What a policy lets an agent do with a tool before any call, as the grant page and the inventory show it.
import { describe, expect, test } from "vitest";
import { toolAccess } from "@/lib/policy/tool-access";
import { compile, SEED_POLICY } from "./helpers";

const limit = { counter: "c", window: "minute", max: 5 } as const;

describe("toolAccess", () => {
  test.each<[string, unknown, string, string, RegExp]>([
    ["named with limits → limited", SEED_POLICY, "set_experiment_tag", "limited", /set_experiment_tag_rate \(30 per minute per grant\)/],
    ["unnamed under default deny → hidden", SEED_POLICY, "delete_experiment", "hidden", /default is deny/],
    ["default allow, no limits → allowed", { version: "1", default: "allow" }, "x", "allowed", /Allowed by the default/],
    ["default allow with all_tools limits → limited", { version: "1", default: "allow", all_tools: { limits: [limit] } }, "x", "limited", /c \(5 per minute per grant\)/],
    ["deny with a reason → denied", { version: "1", default: "allow", tools: { x: { action: "deny", reason: "No." } } }, "x", "denied", /^No\.$/],
    ["hide → hidden", { version: "1", default: "allow", tools: { "x*": { action: "hide" } } }, "xy", "hidden", /Hidden by \/tools\/x\*/],
    ["require_approval → approval", { version: "1", default: "deny", tools: { x: { action: "require_approval", approval: { timeout: "2m" } } } }, "x", "approval", /120 s/],
    ["conditions are named", { version: "1", default: "deny", tools: { x: { deny_if: [{ arg: "env", op: "eq", value: "prod" }] } } }, "x", "allowed", /refused when env/],
  ])("%s", (_name, document, tool, access, why) => {
    const result = toolAccess(compile(document), tool);
    expect(result.access).toBe(access);
    expect(result.why).toMatch(why);
  });
});
