// As root in a folder only root may enter (`/root/warden`, as in containers), the embedded
// PostgreSQL must still start: Postgres runs as the `postgres` user, which cannot enter that folder,
// so its binaries are copied where it can reach them and its data lives beside them.
import { chmodSync, cpSync, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, expect, test } from "vitest";
import { startEmbeddedPostgres } from "@/lib/db-bootstrap";
import { embeddedPostgresNativeDir, othersCanReach, placeForPostgresUser } from "@/lib/postgres-user-access";

const isRoot = process.getuid?.() === 0;
const made: string[] = [];
const tempDir = (prefix: string, mode: number) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, mode);
  made.push(dir);
  return dir;
};

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

test("a folder closed to others is seen as unreachable, an open one as reachable", () => {
  const closed = tempDir("warden-closed-", 0o700);
  const open = tempDir("warden-open-", 0o755);
  expect(othersCanReach(join(closed, "pg"))).toBe(false);
  expect(othersCanReach(join(open, "pg"))).toBe(true);
});

test("as a normal user nothing moves", () => {
  const closed = tempDir("warden-closed-", 0o700);
  expect(placeForPostgresUser(join(closed, "pg"), { isRoot: false })).toEqual({ dataDir: join(closed, "pg") });
});

test("as root in a private project folder, the cluster starts and answers queries", async () => {
  // The project: a private folder holding its own copy of the binaries, as node_modules would.
  const project = tempDir("warden-private-project-", 0o700);
  const nativeDir = join(project, "node_modules", "native");
  cpSync(embeddedPostgresNativeDir(), nativeDir, { recursive: true, verbatimSymlinks: true });
  const stagingRoot = join(tempDir("warden-staging-", 0o755), "warden");
  const dataDir = join(project, ".warden", "pg");

  const placement = placeForPostgresUser(dataDir, { isRoot: true, nativeDir, stagingRoot });
  expect(placement.binDir?.startsWith(stagingRoot)).toBe(true);
  expect(placement.dataDir.startsWith(stagingRoot)).toBe(true);
  expect(othersCanReach(placement.binDir!)).toBe(true);
  expect(existsSync(join(placement.binDir!, "postgres"))).toBe(true);
  // A second start reuses the copy instead of copying 60 MB again.
  const marker = statSync(join(placement.binDir!, "..", ".complete")).mtimeMs;
  expect(placeForPostgresUser(dataDir, { isRoot: true, nativeDir, stagingRoot }).binDir).toBe(placement.binDir);
  expect(statSync(join(placement.binDir!, "..", ".complete")).mtimeMs).toBe(marker);

  if (!isRoot) return; // Starting as the postgres user needs root; the placement above holds for everyone.
  const previous = process.env.EMBEDDED_POSTGRES_BIN_DIR;
  process.env.EMBEDDED_POSTGRES_BIN_DIR = placement.binDir;
  const notices: string[] = [];
  // startEmbeddedPostgres places the cluster itself; give it the private data folder.
  const cluster = await startEmbeddedPostgres({ dataDir: join(project, ".warden", "pg-private"), ephemeral: true, notice: (line) => notices.push(line) });
  try {
    expect(notices.join("\n")).toContain("cannot enter");
    const client = new pg.Client({ connectionString: cluster.adminUrl() });
    await client.connect();
    const { rows } = await client.query<{ user: string }>("SELECT current_user AS user");
    await client.end();
    expect(rows[0]!.user).toBe("postgres");
    expect(cluster.dataDir.startsWith(project)).toBe(false);
  } finally {
    await cluster.stop();
    if (previous === undefined) delete process.env.EMBEDDED_POSTGRES_BIN_DIR;
    else process.env.EMBEDDED_POSTGRES_BIN_DIR = previous;
  }
}, 120_000);
