// Every answer's security headers: framing refused, no sniffing, HSTS only over https.
import { expect, test } from "vitest";
import { securityHeaders } from "@/lib/http/security-headers";

test.each([
  ["http install", { https: false, dev: false }, false],
  ["https install", { https: true, dev: false }, true],
])("%s", (_name, options, hsts) => {
  const headers = securityHeaders(options);
  expect(headers["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
  expect(headers["Content-Security-Policy"]).not.toContain("unsafe-eval");
  expect(headers["X-Content-Type-Options"]).toBe("nosniff");
  expect(headers["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
  expect("Strict-Transport-Security" in headers).toBe(hsts);
});
