import { spawn } from "node:child_process";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";
import { describe, expect, test } from "vitest";
import { createDatabaseIfMissing, dropDatabase, migrate, projectRoot } from "@/lib/db-bootstrap";

const migrationFolders = readdirSync(join(projectRoot, "prisma", "migrations"), { withFileTypes: true }).filter((d) => d.isDirectory());

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("database bootstrap", () => {
  test("every migration applies to an empty database, and applying again changes nothing", async () => {
    const admin = new URL(process.env.DATABASE_URL!);
    admin.pathname = "/postgres";
    const name = `warden_empty_${Date.now()}`;
    await createDatabaseIfMissing(admin.toString(), name);
    const url = new URL(admin);
    url.pathname = `/${name}`;
    try {
      await migrate(url.toString());
      await migrate(url.toString());
      const applied = await query<{ n: number }>(url.toString(), `SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL`);
      expect(applied[0]!.n).toBe(migrationFolders.length);
      const tables = await query<{ table_name: string }>(url.toString(), `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`);
      expect(tables.map((t) => t.table_name)).toEqual(
        expect.arrayContaining(["users", "organizations", "memberships", "mcp_servers", "tools", "policies", "policy_versions", "grants", "approvals", "audit_events", "counters"]),
      );
    } finally {
      await dropDatabase(admin.toString(), name);
    }
  });

  test("the embedded database starts, is used, and stops with its process", async () => {
    const dataDir = join(projectRoot, ".warden", `pg-lifecycle-${process.pid}`);
    const child = spawn(join(projectRoot, "node_modules", ".bin", "tsx"), ["tests/fixtures/embedded-db-process.ts", dataDir], {
      cwd: projectRoot,
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const firstLine = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once("line", resolve);
        child.once("exit", (code) => reject(new Error(`exited ${code} before printing its URL`)));
      });
      const { url } = JSON.parse(firstLine) as { url: string };
      const rows = await query<{ n: number }>(url, "SELECT count(*)::int AS n FROM users");
      expect(rows[0]!.n).toBe(0);
      expect(existsSync(join(dataDir, "postmaster.pid"))).toBe(true);

      child.kill("SIGTERM");
      expect(await new Promise((resolve) => child.once("exit", resolve))).toBe(0);
      expect(existsSync(join(dataDir, "postmaster.pid"))).toBe(false);
      await expect(query(url, "SELECT 1")).rejects.toThrow();
    } finally {
      child.kill("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(`${dataDir}.password`, { force: true });
    }
  });
});
