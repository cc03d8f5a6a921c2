import { describe, expect, test } from "vitest";
import type { Session } from "@/gateway/downstream/sessions";
import { elicitsByUrl } from "@/gateway/enforce/elicit-for-approval";
import { plainCall, requestedTask, statusOf } from "@/gateway/tasks/task-call";
import { storableText, taskObject, type TaskRow } from "@/gateway/tasks/task-store";

const session = (elicitation: unknown) => ({ clientCapabilities: elicitation === undefined ? {} : { elicitation } }) as unknown as Session;

describe("which clients are sent to the approval page by URL elicitation", () => {
  test.each<[string, Session | undefined, boolean]>([
    ["url declared", session({ url: {} }), true],
    ["form and url declared", session({ form: {}, url: {} }), true],
    ["empty elicitation (form only, for backwards compatibility)", session({}), false],
    ["form only", session({ form: {} }), false],
    ["url not an object", session({ url: true }), false],
    ["no elicitation", session(undefined), false],
    ["stateless request (no session)", undefined, false],
  ])("%s", (_name, s, expected) => {
    expect(elicitsByUrl(s)).toBe(expected);
  });
});

describe("task-augmented calls", () => {
  test.each<[string, Record<string, unknown>, Record<string, unknown> | undefined]>([
    ["a task object", { name: "t", task: { ttl: 5 } }, { ttl: 5 }],
    ["an empty task object", { name: "t", task: {} }, {}],
    ["no task", { name: "t" }, undefined],
    ["task null", { name: "t", task: null }, undefined],
    ["task an array", { name: "t", task: [] }, undefined],
    ["task a string", { name: "t", task: "yes" }, undefined],
  ])("%s", (_name, params, expected) => {
    expect(requestedTask(params)).toEqual(expected);
  });

  test("the call kept for later has neither its task nor its progress token", () => {
    expect(plainCall({ name: "t", arguments: { a: 1 }, task: { ttl: 1 }, _meta: { progressToken: 3 } })).toEqual({ name: "t", arguments: { a: 1 } });
  });

  test.each<[string, Parameters<typeof statusOf>[0], string]>([
    ["a result", { result: { content: [] } }, "completed"],
    ["a result with isError (spec: failed)", { result: { content: [], isError: true } }, "failed"],
    ["a JSON-RPC error", { error: { code: -32603, message: "boom" } }, "failed"],
  ])("%s ends the task %s", (_name, outcome, status) => {
    expect(statusOf(outcome).status).toBe(status);
  });

  test("the Task object has the spec's fields, ISO timestamps and the ttl granted", () => {
    const row = {
      taskId: "tsk_1", status: "working", statusMessage: null, ttlMs: 600_000, pollIntervalMs: 5_000,
      createdAt: new Date("2026-12-01T10:00:00Z"), lastUpdatedAt: new Date("2026-12-01T10:00:01Z"),
    } as TaskRow;
    expect(taskObject(row)).toEqual({
      taskId: "tsk_1", status: "working", createdAt: "2026-12-01T10:00:00.000Z", lastUpdatedAt: "2026-12-01T10:00:01.000Z", ttl: 600_000, pollInterval: 5_000,
    });
  });
});

describe("what a task row keeps of a status message", () => {
  test.each<[string, string | null, number, string | null]>([
    ["plain text", "working on it", 1_000, "working on it"],
    ["NUL dropped", "a\u0000b", 1_000, "ab"],
    ["lone surrogate dropped", "a\ud800b", 1_000, "ab"],
    ["a pair kept", "a\ud83d\ude00b", 1_000, "a\ud83d\ude00b"],
    ["cut, without half a pair", "ab\ud83d\ude00", 3, "ab"],
    ["long text cut", "x".repeat(5_000), 1_000, "x".repeat(1_000)],
    ["null stays null", null, 1_000, null],
  ])("%s", (_name, text, max, expected) => {
    expect(storableText(text, max)).toBe(expected);
  });
});
