import { describe, expect, test } from "vitest";
import { redactPath } from "@/gateway/ops/logger";

const TOKEN = "wdn_g_Zm9vYmFyYmF6cXV4LXF1dXgtY29yZ2UtZ3JhdWx0LWdhcnBseQ";
const RANDOM = TOKEN.slice("wdn_g_".length);

describe("redactPath", () => {
  test.each<[string, string]>([
    ["plain secret URL", `/g/${TOKEN}/mcp`],
    ["dot segment after normalisation", `/g/${TOKEN}/x`],
    ["double slash", `//g/${TOKEN}/mcp`],
    ["double slash after g", `/g//${TOKEN}/mcp`],
    ["encoded slashes", `/g%2F${TOKEN}%2Fmcp`],
    ["encoded g", `/%67/${TOKEN}/mcp`],
    ["encoded token letters", `/g/%77dn%5Fg%5F${RANDOM}/mcp`],
    ["doubly encoded", `/g%252F%2577dn_g_${RANDOM}%252Fmcp`],
    ["backslashes", `/g\\${TOKEN}\\mcp`],
    ["token elsewhere in the path", `/foo/${TOKEN}/bar`],
    ["absolute form left as is", `http://host/g/${TOKEN}/mcp`],
    ["API key shaped", `/x/wdn_k_${RANDOM}`],
    ["a token cut by the length bound", `/${"a".repeat(1_015)}/${TOKEN}`],
  ])("%s: no part of the token remains", (_name, path) => {
    const logged = redactPath(path);
    expect(logged).not.toContain(RANDOM.slice(0, 12));
    expect(logged.length).toBeLessThanOrEqual(257);
  });

  test.each<[string, string]>([
    ["/mcp/srv_123", "/mcp/srv_123"],
    ["/healthz", "/healthz"],
    [`/g/${TOKEN}/mcp`, "/g/[token]/mcp"],
  ])("%s is logged as %s", (path, logged) => {
    expect(redactPath(path)).toBe(logged);
  });

  test("a long path is cut", () => {
    expect(redactPath(`/${"a".repeat(5_000)}`)).toHaveLength(257);
  });
});
