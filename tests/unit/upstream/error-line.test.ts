// Upstream error text shown to people: one short line, no markup, no credentials, no control characters.
import { expect, test } from "vitest";
import { upstreamErrorLine } from "@/lib/upstream/error-line";

test.each([
  ["plain message kept", new Error("connect ECONNREFUSED 127.0.0.1:9"), "connect ECONNREFUSED 127.0.0.1:9"],
  ["only the first line", new Error("Streamable HTTP error: 500\nstack line\nmore"), "Streamable HTTP error: 500"],
  ["an HTML error page", new Error("<html><body><h1>502 Bad Gateway</h1></body></html>"), "502 Bad Gateway"],
  ["an echoed bearer token", new Error("rejected Authorization: Bearer sk-live-abc"), "rejected Authorization: [redacted] [redacted]"],
  ["a query-string key", new Error("GET https://x.example/mcp?api_key=s3cr3t&v=1 failed"), "GET https://x.example/mcp?api_key=[redacted] failed"],
  ["URL credentials", new Error("fetch https://bob:hunter2@x.example/ failed"), "fetch https://[redacted]@x.example/ failed"],
  ["a long token", new Error(`bad key ${"a1".repeat(30)}`), "bad key [redacted]"],
  ["bidi and control characters", new Error("evil\u202e\u0007 text"), "evil text"],
  ["empty", new Error("   "), "The server gave no readable error"],
])("%s", (_name, error, expected) => expect(upstreamErrorLine(error)).toBe(expected));

test("cut to 200 characters", () => {
  const line = upstreamErrorLine(new Error("word ".repeat(200)));
  expect(line.length).toBeLessThanOrEqual(200);
  expect(line.endsWith("…")).toBe(true);
});
