// Prisma CLI configuration: the JS (wasm) schema engine over the pg driver adapter, which is what
// lets `migrate` run offline (see README, "Why the Prisma set-up looks like this").
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

export default defineConfig({
  engine: "js",
  experimental: { adapter: true },
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  // allowExitOnIdle: pg's 10 s idle client would otherwise keep every migrate alive for ~10 s.
  adapter: async () =>
    new PrismaPg({ connectionString: process.env.DATABASE_URL, allowExitOnIdle: true }),
});
