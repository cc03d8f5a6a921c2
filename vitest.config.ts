import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

// Three projects so `npm test -- --project unit` (or integration, e2e) runs one layer.
export default defineConfig({
  resolve: { alias: { "@/": root } },
  test: {
    globalSetup: ["tests/global-setup.ts"],
    setupFiles: ["tests/setup-env.ts"],
    reporters: ["default"],
    projects: [
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"] } },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts", "tests/fixtures/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          expect: { poll: { timeout: 10_000 } },
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 240_000,
          fileParallelism: false,
          // A page updates after a server round trip; on a loaded 2-core machine that can take
          // more than expect.poll's 1 s default. Waiting longer for the same outcome is not a
          // timed assertion: a poll that never succeeds still fails.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
