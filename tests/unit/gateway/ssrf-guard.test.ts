// The SSRF guard refuses every private, loopback, link-local, CGNAT, multicast, unspecified or
// metadata address in every spelling, at URL check time and again at connect time.
import { describe, expect, test } from "vitest";
import { forbiddenAddressReason, isForbiddenHostname, netPolicyFromEnv } from "@/lib/net/address-policy";
import { guardedLookup } from "@/lib/net/guarded-lookup";
import { assertSafeUrl, UnsafeUrlError } from "@/lib/net/url-guard";

const strict = { allowPrivate: false };

describe("forbiddenAddressReason", () => {
  test.each([
    ["loopback", "127.0.0.1"], ["loopback elsewhere in 127/8", "127.255.0.9"], ["IPv6 loopback", "::1"], ["private 10/8", "10.1.2.3"],
    ["private 172.16/12", "172.31.255.255"], ["private 192.168/16", "192.168.0.10"], ["link-local / metadata", "169.254.169.254"],
    ["CGNAT / Alibaba metadata", "100.100.100.200"], ["multicast", "224.0.0.1"], ["unspecified", "0.0.0.0"], ["this network", "0.1.2.3"],
    ["broadcast", "255.255.255.255"], ["IPv4-mapped loopback", "::ffff:127.0.0.1"], ["IPv4-mapped hex", "::ffff:7f00:1"],
    ["IPv6 unique local (AWS metadata fd00:ec2::254)", "fd00:ec2::254"], ["IPv6 link-local", "fe80::1"], ["IPv6 link-local with zone", "fe80::1%eth0"],
    ["IPv6 unspecified", "::"], ["IPv6 multicast", "ff02::1"], ["NAT64 of loopback", "64:ff9b::7f00:1"], ["6to4", "2002:7f00:1::1"],
    ["bracketed IPv6", "[::1]"], ["documentation range", "2001:db8::1"], ["not an address", "example.com"],
  ])("refuses %s (%s)", (_name, address) => {
    expect(forbiddenAddressReason(address)).not.toBeNull();
  });

  test.each([["8.8.8.8"], ["1.1.1.1"], ["2606:4700:4700::1111"], ["::ffff:8.8.8.8"]])("allows public %s", (address) => {
    expect(forbiddenAddressReason(address)).toBeNull();
  });
});

describe("assertSafeUrl", () => {
  test.each([
    ["decimal IPv4", "http://2130706433/mcp"], ["hex IPv4", "http://0x7f000001/mcp"], ["octal IPv4", "http://0177.0.0.1/mcp"],
    ["short IPv4", "http://127.1/mcp"], ["IPv6 literal", "http://[::1]:8080/mcp"], ["mapped IPv6 literal", "http://[::ffff:169.254.169.254]/"],
    ["localhost", "http://localhost:3200/mcp"], ["a localhost subdomain", "http://api.localhost/mcp"], ["GCP metadata name", "http://metadata.google.internal/"],
    ["metadata IP", "http://169.254.169.254/latest/meta-data/"], ["file scheme", "file:///etc/passwd"], ["credentials in URL", "https://user:pass@example.com/mcp"],
    ["not a URL", "::::"],
  ])("refuses %s", (_name, url) => {
    expect(() => assertSafeUrl(url, strict)).toThrow(UnsafeUrlError);
  });

  test("allows a public https URL, and private ones only when allowed", () => {
    expect(assertSafeUrl("https://mcp.example.com/mcp", strict).hostname).toBe("mcp.example.com");
    expect(assertSafeUrl("http://127.0.0.1:3200/mcp", { allowPrivate: true }).port).toBe("3200");
  });

  test("names reserved for local services are refused whatever they resolve to", () => {
    expect(isForbiddenHostname("LOCALHOST.")).toBe(true);
    expect(isForbiddenHostname("example.com")).toBe(false);
  });

  test("the env flag reads 1/true only", () => {
    expect(netPolicyFromEnv({ WARDEN_ALLOW_PRIVATE_UPSTREAMS: "1" } as unknown as NodeJS.ProcessEnv)).toEqual({ allowPrivate: true });
    expect(netPolicyFromEnv({ WARDEN_ALLOW_PRIVATE_UPSTREAMS: "yes" } as unknown as NodeJS.ProcessEnv)).toEqual({ allowPrivate: false });
  });
});

describe("guardedLookup (connect time)", () => {
  const resolve = (policy: { allowPrivate: boolean }, host: string) =>
    new Promise<{ error: NodeJS.ErrnoException | null; address: unknown }>((done) => {
      (guardedLookup(policy) as unknown as (h: string, o: object, cb: (e: NodeJS.ErrnoException | null, a: unknown) => void) => void)(host, {}, (error, address) => done({ error, address }));
    });

  test("a name that resolves to a loopback address is refused at connect time", async () => {
    const { error } = await resolve(strict, "localhost");
    expect(error?.code).toBe("EWARDENFORBIDDEN");
    expect(error?.message).toMatch(/resolves to/);
  });

  test("the same name passes when private upstreams are allowed", async () => {
    const { error, address } = await resolve({ allowPrivate: true }, "localhost");
    expect(error).toBeNull();
    expect(String(address)).toMatch(/127\.0\.0\.1|::1/);
  });
});
