// `npm run db:new-migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql
// with the SQL that takes the existing migrations to prisma/schema.prisma. (`migrate dev` cannot
// create a second migration with the JS engine; `migrate diff` + `migrate deploy` can.)
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bootstrapDatabase, projectRoot } from "../lib/db-bootstrap";
// @ts-expect-error -- plain ESM helper, no type declarations.
import { prismaEnv } from "./prisma.mjs";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_");
if (!name) {
  console.error("Usage: npm run db:new-migration -- <name>");
  process.exit(1);
}
const migrationsDir = join(projectRoot, "prisma", "migrations");
const hasMigrations = readdirSync(migrationsDir, { withFileTypes: true }).some((d) => d.isDirectory());
const db = await bootstrapDatabase({ dataDir: join(projectRoot, ".warden", "pg-migrations"), database: "warden_diff" });
try {
  const from = hasMigrations ? ["--from-migrations", "prisma/migrations"] : ["--from-empty"];
  const sql = await captureDiff([...from, "--to-schema-datamodel", "prisma/schema.prisma", "--script"], db.url);
  if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) {
    console.log("The schema matches the migrations: nothing to write.");
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = join(migrationsDir, `${stamp}_${name}`);
    mkdirSync(dir); // created only now: an empty migration folder is Prisma error P3015
    writeFileSync(join(dir, "migration.sql"), sql);
    console.log(`Wrote ${dir}/migration.sql — apply it with npm start, npm test or npm run db:migrate.`);
  }
} finally {
  await db.stop();
}

function captureDiff(args: string[], databaseUrl: string): Promise<string> {
  const cli = join(projectRoot, "node_modules", "prisma", "build", "index.js");
  const child = spawn(process.execPath, [cli, "migrate", "diff", ...args], {
    cwd: projectRoot,
    env: prismaEnv({ DATABASE_URL: databaseUrl }),
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (chunk) => (out += chunk));
  return new Promise((resolve, reject) =>
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`migrate diff exited ${code}`)))),
  );
}
