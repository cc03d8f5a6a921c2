import { describe, expect, test } from "vitest";
import { createHostGuard } from "@/gateway/downstream/host-guard";

// As configFromEnv builds it from GATEWAY_URL=http://localhost:3100.
const guard = createHostGuard({ allowedHosts: ["localhost"], allowedOrigins: ["http://localhost:3100"] });
const configuredHost = createHostGuard({ allowedHosts: ["gateway.example.com"], allowedOrigins: ["https://app.example.com/"] });

describe("host guard", () => {
  test.each<[string, string, string | undefined]>([
    ["no Origin (an MCP client)", "localhost:3100", undefined],
    ["the configured origin", "localhost:3100", "http://localhost:3100"],
    ["the configured origin on 127.0.0.1", "127.0.0.1:3100", "http://127.0.0.1:3100"],
    ["the configured origin on [::1]", "[::1]:3100", "http://[::1]:3100"],
    ["127.0.0.1 origin sent to localhost", "localhost:3100", "http://127.0.0.1:3100"],
    ["upper case", "LOCALHOST:3100", "HTTP://LOCALHOST:3100"],
    ["own loopback origin on another port (no GATEWAY_URL for it)", "127.0.0.1:4555", "http://127.0.0.1:4555"],
    ["own origin on the default port", "localhost", "http://localhost:80"],
    ["own origin through a local TLS proxy", "localhost:3100", "https://localhost:3100"],
  ])("passes: %s", (_name, host, origin) => {
    expect(guard({ host, ...(origin === undefined ? {} : { origin }) })).toBeNull();
  });

  test.each<[string, string, string, RegExp]>([
    ["DNS rebinding: foreign Host", "evil.example.com:3100", "http://evil.example.com:3100", /Host "evil\.example\.com:3100"/],
    ["foreign Origin", "localhost:3100", "http://evil.example.com", /Origin "http:\/\/evil\.example\.com" is not allowed/],
    ["foreign Origin on the gateway's port", "127.0.0.1:3100", "http://evil.example.com:3100", /is not allowed/],
    ["a loopback page on another port", "localhost:3100", "http://localhost:8080", /Origin "http:\/\/localhost:8080"/],
    ["a loopback page on another port, to 127.0.0.1", "127.0.0.1:3100", "http://127.0.0.1:8080", /is not allowed/],
    ["Origin null", "localhost:3100", "null", /Origin "null"/],
    ["not a URL", "localhost:3100", "localhost:3100", /is not allowed/],
    ["a file page", "localhost:3100", "file://", /is not allowed/],
  ])("refused: %s", (_name, host, origin, message) => {
    expect(guard({ host, origin })).toMatch(message);
  });

  test("a configured non-loopback origin passes, with or without its trailing slash; loopback origins only for their own port", () => {
    expect(configuredHost({ host: "gateway.example.com", origin: "https://app.example.com" })).toBeNull();
    expect(configuredHost({ host: "gateway.example.com", origin: "https://gateway.example.com" })).toMatch(/not allowed/);
    expect(configuredHost({ host: "gateway.example.com", origin: "http://localhost:3100" })).toMatch(/not allowed/);
  });
});

describe("host guard verdicts remembered per Host and Origin", () => {
  test("asking again gives the same verdict; an Origin added to the same Host is judged on its own", () => {
    const remembering = createHostGuard({ allowedHosts: ["localhost"], allowedOrigins: ["http://localhost:3100"] });
    for (let i = 0; i < 3; i++) {
      expect(remembering({ host: "localhost:3100" })).toBeNull();
      expect(remembering({ host: "localhost:3100", origin: "http://evil.example.com" })).toMatch(/is not allowed/);
      expect(remembering({ host: "evil.example.com" })).toMatch(/Host "evil\.example\.com"/);
      expect(remembering({})).toMatch(/Host ""/);
    }
  });

  test("past 256 remembered pairs, and for very long headers, verdicts stay right", () => {
    const remembering = createHostGuard({ allowedHosts: [], allowedOrigins: [] });
    for (let i = 0; i < 600; i++) expect(remembering({ host: `h${i}.example.com` })).toMatch(/is not served/);
    expect(remembering({ host: "127.0.0.1:3100" })).toBeNull();
    const long = `${"a".repeat(600)}.example.com`;
    expect(remembering({ host: long })).toMatch(/is not served/);
    expect(remembering({ host: "localhost:1", origin: `http://${"b".repeat(600)}.example.com` })).toMatch(/is not allowed/);
  });
});
