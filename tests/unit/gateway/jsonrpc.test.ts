// What the agent endpoint accepts as one JSON-RPC message, and what it refuses with which code.
import { describe, expect, test } from "vitest";
import { classify, exceedsDepth } from "@/gateway/downstream/jsonrpc";

describe("classify", () => {
  test.each([
    ["a request", { jsonrpc: "2.0", id: 1, method: "tools/list" }, "request"],
    ["a request with a string id and params", { jsonrpc: "2.0", id: "a", method: "tools/call", params: { name: "x" } }, "request"],
    ["a notification", { jsonrpc: "2.0", method: "notifications/initialized" }, "notification"],
    ["a result", { jsonrpc: "2.0", id: "wsr_1", result: {} }, "response"],
    ["an error answer", { jsonrpc: "2.0", id: 3, error: { code: -1, message: "no" } }, "response"],
  ])("accepts %s", (_name, value, kind) => {
    expect(classify(value).kind).toBe(kind);
  });

  test.each([
    ["a batch", [{ jsonrpc: "2.0", id: 1, method: "ping" }], -32600],
    ["a missing jsonrpc", { id: 1, method: "ping" }, -32600],
    ["a wrong jsonrpc", { jsonrpc: "1.0", id: 1, method: "ping" }, -32600],
    ["a null id", { jsonrpc: "2.0", id: null, method: "ping" }, -32600],
    ["a fractional id", { jsonrpc: "2.0", id: 1.5, method: "ping" }, -32600],
    ["a huge id", { jsonrpc: "2.0", id: "x".repeat(257), method: "ping" }, -32600],
    ["an object id", { jsonrpc: "2.0", id: {}, method: "ping" }, -32600],
    ["a numeric method", { jsonrpc: "2.0", id: 1, method: 5 }, -32600],
    ["an empty method", { jsonrpc: "2.0", id: 1, method: "" }, -32600],
    ["array params", { jsonrpc: "2.0", id: 1, method: "tools/call", params: [1] }, -32602],
    ["deep params", { jsonrpc: "2.0", id: 1, method: "tools/call", params: JSON.parse(`{"a":${"[".repeat(80)}${"]".repeat(80)}}`) }, -32602],
    ["an error without code", { jsonrpc: "2.0", id: 1, error: { message: "x" } }, -32600],
    ["a string", "hello", -32600],
    ["null", null, -32600],
  ])("refuses %s", (_name, value, code) => {
    const result = classify(value);
    expect(result.kind).toBe("invalid");
    expect(result.kind === "invalid" && result.code).toBe(code);
  });

  test("depth is measured without recursion, so extreme nesting is cheap to refuse", () => {
    const deep = JSON.parse("[".repeat(100_000) + "]".repeat(100_000));
    expect(exceedsDepth(deep)).toBe(true);
    expect(exceedsDepth({ a: { b: [1, { c: 2 }] } })).toBe(false);
  });
});
