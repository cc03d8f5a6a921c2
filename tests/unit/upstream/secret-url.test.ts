import { describe, expect, test } from "vitest";
import { hasUrlSecret, maskUrl, restoreMaskedSecrets } from "@/lib/upstream/secret-url";

describe("maskUrl", () => {
  test.each([
    ["api_key", "https://x/mcp?api_key=abc", "https://x/mcp?api_key=•••"],
    ["token among others", "https://x/mcp?region=eu&token=abc#top", "https://x/mcp?region=eu&token=•••#top"],
    ["key", "https://x/mcp?key=abc", "https://x/mcp?key=•••"],
    ["access_token", "https://x/mcp?access_token=a%20b", "https://x/mcp?access_token=•••"],
    ["apikey, any case", "https://x/mcp?ApiKey=abc", "https://x/mcp?ApiKey=•••"],
    ["auth", "https://x/mcp?auth=abc", "https://x/mcp?auth=•••"],
    ["sig", "https://x/mcp?sig=abc&se=2030", "https://x/mcp?sig=•••&se=2030"],
    ["x-api-key", "https://x/mcp?x-api-key=abc", "https://x/mcp?x-api-key=•••"],
    ["no secret", "https://x/mcp?region=eu&page=2", "https://x/mcp?region=eu&page=2"],
    ["empty value", "https://x/mcp?token=", "https://x/mcp?token="],
    ["no query", "https://x/mcp", "https://x/mcp"],
  ])("%s", (_name, url, masked) => {
    expect(maskUrl(url)).toBe(masked);
    expect(hasUrlSecret(url)).toBe(masked !== url);
  });
});

describe("restoreMaskedSecrets", () => {
  test.each([
    ["keeps the key under •••", "https://y/mcp?api_key=•••", "https://x/mcp?api_key=k1", "https://y/mcp?api_key=k1"],
    ["a new value replaces it", "https://x/mcp?api_key=k2", "https://x/mcp?api_key=k1", "https://x/mcp?api_key=k2"],
    ["removing the parameter removes the key", "https://x/mcp", "https://x/mcp?api_key=k1", "https://x/mcp"],
    ["••• with no current value stays (refused later)", "https://x/mcp?token=•••", "https://x/mcp?api_key=k1", "https://x/mcp?token=•••"],
  ])("%s", (_name, submitted, current, expected) => {
    expect(restoreMaskedSecrets(submitted, current)).toBe(expected);
  });
});
