#!/usr/bin/env node
// Runs the Prisma 6 CLI offline. Every npm script that needs Prisma goes through this wrapper:
// - the CLI checks that native engine files exist even with the JS engine, so we point it at
//   stub files in .warden/ (never executed: engine "js" + engineType "client" use wasm);
// - CHECKPOINT_DISABLE stops the version check (no network here);
// - a preload unrefs the engine's idle 10 s timer so commands exit when done.
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

export function prismaEnv(extra = {}) {
  const stubs = join(root, ".warden", "prisma-stubs");
  const schemaEngine = join(stubs, "schema-engine");
  const queryEngine = join(stubs, "libquery_engine.so.node");
  if (!existsSync(schemaEngine)) {
    mkdirSync(stubs, { recursive: true });
    writeFileSync(schemaEngine, "#!/bin/sh\necho 'Warden uses the JS schema engine; this stub is never run.' >&2\nexit 1\n");
    chmodSync(schemaEngine, 0o755);
    writeFileSync(queryEngine, "");
  }
  const preload = join(root, "scripts", "prisma-unref-timers.cjs");
  return {
    ...process.env,
    // `generate` needs the variable to exist; it does not connect.
    DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://localhost:5432/warden",
    PRISMA_SCHEMA_ENGINE_BINARY: schemaEngine,
    PRISMA_QUERY_ENGINE_LIBRARY: queryEngine,
    CHECKPOINT_DISABLE: "1",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${preload}`.trim(),
    ...extra,
  };
}

/** Runs `prisma <args>` and resolves with its exit code. */
export function runPrisma(args, { env = {}, stdio = "inherit" } = {}) {
  const cli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  const child = spawn(process.execPath, [cli, ...args], { cwd: root, env: prismaEnv(env), stdio });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await runPrisma(process.argv.slice(2));
}
