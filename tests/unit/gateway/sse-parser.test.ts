// The SSE parser used on upstream responses: fields, line endings, chunk boundaries.
import { describe, expect, test } from "vitest";
import { SseLimitError, SseParser, type SseEvent } from "@/lib/upstream/sse-parser";

function parse(chunks: string[]): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = new SseParser((event) => events.push(event));
  for (const chunk of chunks) parser.feed(chunk);
  return events;
}

test.each([
  ["one event", ["event: message\ndata: {\"a\":1}\n\n"], [{ event: "message", data: '{"a":1}', id: undefined }]],
  ["CRLF line ends", ["data: x\r\n\r\n"], [{ event: "message", data: "x", id: undefined }]],
  ["CR line ends", ["data: x\r\r"], [{ event: "message", data: "x", id: undefined }]],
  ["a CRLF split across chunks", ["data: x\r", "\n\r\n"], [{ event: "message", data: "x", id: undefined }]],
  ["multi-line data", ["data: a\ndata: b\n\n"], [{ event: "message", data: "a\nb", id: undefined }]],
  ["an id and a comment", [": keep-alive\n\nid: 7\ndata: y\n\n"], [{ event: "message", data: "y", id: "7" }]],
  ["a field split mid-word", ["da", "ta: z", "\n", "\n"], [{ event: "message", data: "z", id: undefined }]],
  ["an event with no data", ["event: ping\n\n"], []],
])("%s", (_name, chunks, expected) => {
  expect(parse(chunks)).toEqual(expected);
});

describe("the bound on what the parser holds", () => {
  const limit = 1_000;
  const bounded = () => {
    const events: SseEvent[] = [];
    return { events, parser: new SseParser((event) => events.push(event), limit) };
  };

  test.each([
    ["an endless line, in small chunks", Array.from({ length: 200 }, () => "data: xxxxxxxxxx")],
    ["an endless line, in one chunk", [`data: ${"x".repeat(limit + 1)}`]],
    ["an event of many data lines that never ends", Array.from({ length: 200 }, () => "data: xxxxxxxxxx\n")],
    ["a long line of another field", [`retry${"9".repeat(limit)}`]],
  ])("%s fails with SseLimitError, and keeps failing", (_name, chunks) => {
    const { parser } = bounded();
    expect(() => chunks.forEach((chunk) => parser.feed(chunk))).toThrow(SseLimitError);
    expect(() => parser.feed("data: more\n\n")).toThrow(/longer than/);
  });

  test("events up to the bound pass, however many there are", () => {
    const { events, parser } = bounded();
    const data = "y".repeat(limit - 10);
    for (let i = 0; i < 50; i++) parser.feed(`data: ${data}\n\n`);
    expect(events).toHaveLength(50);
    expect(events[49]).toEqual({ event: "message", data, id: undefined });
  });

  test("a long line arriving in many chunks is assembled in linear time", () => {
    const events: SseEvent[] = [];
    const parser = new SseParser((event) => events.push(event));
    const piece = "z".repeat(1_000);
    parser.feed("data: ");
    for (let i = 0; i < 5_000; i++) parser.feed(piece);
    parser.feed("\n\n");
    expect(events[0]!.data).toHaveLength(5_000_000);
  });
});
