// Headers every page and API answer carries (set in proxy.ts).
//
// Scripts: 'self' plus 'unsafe-inline'. Next's App Router streams each page's data as inline
// <script> tags; a per-request nonce would cover them, but the public catalog pages are
// prerendered at build time, so their HTML cannot carry a per-request nonce, and hashes change
// with every build and page. What the policy still does: no script from another origin, no
// eval in production, no plugins, no <base> hijack, forms post only here, and no framing at all
// (frame-ancestors 'none', the clickjacking defence for the approvals page). Pages render user
// text only through React, which escapes it, so injecting an inline script needs a React bug.
export type SecurityHeaderOptions = { https: boolean; dev: boolean };

export function contentSecurityPolicy({ dev }: Pick<SecurityHeaderOptions, "dev">): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": contentSecurityPolicy(options),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    // For browsers that predate frame-ancestors.
    "X-Frame-Options": "DENY",
  };
  // Only when the app is served over https: over http a browser ignores it anyway, and sending
  // it from a localhost install would pin localhost to https for a year in that browser.
  if (options.https) headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  return headers;
}
