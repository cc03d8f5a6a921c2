// The SSE parser used on upstream responses: fields, line endings, chunk boundaries.
import { expect, test } from "vitest";
import { SseParser, type SseEvent } from "@/lib/upstream/sse-parser";

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
