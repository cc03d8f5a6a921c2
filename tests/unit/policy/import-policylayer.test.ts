// "Import a PolicyLayer policy": every PolicyLayer construct converts to the Warden rule that
// behaves as PolicyLayer documents it (checked by evaluating the result), and what cannot be
// converted is refused with its pointer and the Warden field that does the job.
import { describe, expect, test } from "vitest";
import { compilePolicy, evaluate, filterTools, type Decision } from "@/lib/policy";
import { importPolicyLayer } from "@/lib/policy/import-policylayer";
import { context, SEED_POLICY } from "./helpers";

const base = { version: "1", default: "deny" };
const tool = (rule: unknown) => ({ ...base, tools: { create_charge: rule } });

function imported(input: unknown) {
  const result = importPolicyLayer(input);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
  return result;
}

function decide(input: unknown, name: string, args: unknown = {}, calls = 1): Decision["kind"] {
  const policy = compilePolicy(imported(input).document);
  let kind: Decision["kind"] = "allow";
  for (let i = 0; i < calls; i++) {
    const decision = evaluate(policy, { tool: name, args }, context());
    // Count as the gateway would: a call past the max is refused by the limit.
    const charge = decision.kind === "allow" ? decision.charges[0] : undefined;
    kind = charge && i >= charge.max ? "deny" : decision.kind;
  }
  return kind;
}

describe("PolicyLayer constructs behave as documented", () => {
  test.each<[string, unknown, string, unknown, number, Decision["kind"]]>([
    ["an empty rule allows under default deny", tool({}), "create_charge", {}, 1, "allow"],
    ["an unlisted tool is refused under default deny", tool({}), "refund", {}, 1, "hide"],
    ["hide: a listed name is hidden", { ...base, default: "allow", hide: ["delete_account"] }, "delete_account", {}, 1, "hide"],
    ["hide wins over the tool's own rule", { ...base, hide: ["create_charge"], tools: { create_charge: {} } }, "create_charge", {}, 1, "hide"],
    ['hide "*" hides every tool, listed or not', { ...base, default: "allow", hide: "*", tools: { create_charge: {} } }, "create_charge", {}, 1, "hide"],
    ['hide "*" hides unlisted tools', { ...base, default: "allow", hide: "*" }, "anything", {}, 1, "hide"],
    ['require: "approval" holds the call', tool({ require: "approval" }), "create_charge", {}, 1, "approve"],
    ["require: [args.reason] refuses a call without it", tool({ require: ["args.reason"] }), "create_charge", {}, 1, "deny"],
    ["require: [args.reason] allows a call with it", tool({ require: ["args.reason"] }), "create_charge", { reason: "refund" }, 1, "allow"],
    ["require: a predicate that fails refuses", tool({ require: [{ path: "args.currency", op: "eq", value: "usd" }] }), "create_charge", { currency: "eur" }, 1, "deny"],
    ["deny_if: a matching predicate refuses", tool({ deny_if: [{ path: "args.amount", op: "gt", value: 10000 }] }), "create_charge", { amount: 20000 }, 1, "deny"],
    ["deny_if: a predicate that does not match allows", tool({ deny_if: [{ path: "args.amount", op: "gt", value: 10000 }] }), "create_charge", { amount: 5 }, 1, "allow"],
    ["deny_if: operator spelt as PolicyLayer does", tool({ deny_if: [{ field: "args.env", operator: "ne", value: "test" }] }), "create_charge", { env: "prod" }, 1, "deny"],
    ["limits: the 30th call in a minute passes", tool({ limits: [{ max: 30, window: "minute" }] }), "create_charge", {}, 30, "allow"],
    ["limits: the 31st call in a minute is refused", tool({ limits: [{ max: 30, window: "1m" }] }), "create_charge", {}, 31, "deny"],
    ["rate_limit: the 31st call is refused", tool({ rate_limit: { max: 30, window: "minute" } }), "create_charge", {}, 31, "deny"],
    ["all_tools.limits count every tool", { ...base, default: "allow", all_tools: { limits: [{ max: 2, window: "hour" }] } }, "x", {}, 3, "deny"],
    ["action: deny with a reason refuses", tool({ action: "deny", reason: "Charges are off." }), "create_charge", {}, 1, "deny"],
  ])("%s", (_name, input, name, args, calls, expected) => {
    expect(decide(input, name, args, calls)).toBe(expected);
  });
});

describe("what the conversion writes and reports", () => {
  test.each<[string, unknown, unknown, RegExp]>([
    ["on_deny becomes the reason", tool({ action: "deny", on_deny: "Ask finance." }), { action: "deny", reason: "Ask finance." }, /became "reason"/],
    ["on_deny as an object", tool({ action: "deny", on_deny: { message: "No." } }), { action: "deny", reason: "No." }, /became "reason"/],
    ["require approval with a timeout", tool({ require: "approval", approval_timeout: "10m" }), { action: "require_approval", approval: { timeout: "10m" } }, /require_approval/],
    ["a limit gets a counter named after its tool", tool({ limits: [{ max: 30, window: "minute" }] }), { limits: [{ counter: "create_charge_calls", window: "minute", max: 30 }] }, /counted per grant/],
    ["a window in seconds", tool({ limits: [{ max: 5, window: "90s" }] }), { limits: [{ counter: "create_charge_calls", window: 90, max: 5 }] }, /Warden limit/],
    ["a path becomes an arg", tool({ deny_if: [{ path: "args.tags.env", op: "eq", value: "prod" }] }), { deny_if: [{ arg: "tags.env", op: "eq", value: "prod" }] }, /"arg": "tags.env"/],
  ])("%s", (_name, input, entry, change) => {
    const result = imported(input);
    expect(result.document.tools?.create_charge).toEqual(entry);
    expect(result.changes.map((c) => `${c.pointer} ${c.message}`).join("\n")).toMatch(change);
  });

  test("a Warden document imports as itself, with no changes", () => {
    expect(imported(SEED_POLICY)).toEqual({ ok: true, document: SEED_POLICY, changes: [] });
  });

  test("hidden tools leave tools/list", () => {
    const policy = compilePolicy(imported({ ...base, default: "allow", hide: ["b"] }).document);
    expect(filterTools(policy, [{ name: "a" }, { name: "b" }]).map((t) => t.name)).toEqual(["a"]);
  });
});

describe("what cannot be converted is refused, naming the field and the Warden equivalent", () => {
  test.each<[string, unknown, string, RegExp]>([
    ["a predicate outside the arguments", tool({ deny_if: [{ path: "context.user", op: "eq", value: "x" }] }), "/tools/create_charge/deny_if/0/path", /"args.<name>".*"arg"/],
    ["an unknown operator", tool({ deny_if: [{ path: "args.x", op: "between", value: [1, 2] }] }), "/tools/create_charge/deny_if/0/op", /one of eq, neq/],
    ["an unknown rule field", tool({ spend_limit: "$500/day" }), "/tools/create_charge/spend_limit", /Warden's are action, reason, limits/],
    ["require as another word", tool({ require: "mfa" }), "/tools/create_charge/require", /"action": "require_approval" or "when"/],
    ["a bare word in require", tool({ require: ["reason"] }), "/tools/create_charge/require/0", /"op": "exists"/],
    ["a limit window Warden cannot read", tool({ limits: [{ max: 3, window: "fortnight" }] }), "/tools/create_charge/limits/0/window", /"minute", "1h"/],
    ["a limit field Warden lacks", tool({ rate_limit: { max: 3, window: "minute", burst: 5 } }), "/tools/create_charge/rate_limit/burst", /"counter", "max", "window" and "scope"/],
    ["on_deny and reason both", tool({ action: "deny", reason: "a", on_deny: "b" }), "/tools/create_charge/on_deny", /keep one/],
    ["hide as a single name", { ...base, hide: "delete_account" }, "/hide", /list of tool names or "\*"/],
    ["an unknown top-level field", { ...base, servers: {} }, "/servers", /Warden's are version, default/],
    ["all_tools with something besides limits", { ...base, all_tools: { limits: [], hide: [] } }, "/all_tools/hide", /only "limits"/],
    ["a version PolicyLayer does not have", { version: "2", default: "deny" }, "/version", /"1"/],
    ["the version as a number (both formats write the string \"1\")", { version: 1, default: "deny" }, "/version", /"1"/],
  ])("%s", (_name, input, pointer, message) => {
    const result = importPolicyLayer(input);
    expect(result.ok).toBe(false);
    const error = result.ok ? undefined : result.errors.find((e) => e.pointer === pointer);
    expect(error?.message, JSON.stringify(result)).toMatch(message);
  });
});
