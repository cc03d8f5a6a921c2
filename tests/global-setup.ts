// Once per `vitest` run: an isolated, migrated database for this run only.
// Embedded: a throw-away cluster in .warden/pg-test-<pid>. DATABASE_URL given: a fresh database
// on that server (warden_test_<random>), dropped at the end.
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import {
  createDatabaseIfMissing,
  dropDatabase,
  migrate,
  projectRoot,
  startEmbeddedPostgres,
} from "../lib/db-bootstrap";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

async function databaseForRun(): Promise<{ url: string; stop: () => Promise<void> }> {
  const name = `warden_test_${randomBytes(4).toString("hex")}`;
  const given = process.env.DATABASE_URL;
  if (given) {
    const admin = new URL(given);
    const url = new URL(given);
    url.pathname = `/${name}`;
    await createDatabaseIfMissing(admin.toString(), name);
    return { url: url.toString(), stop: () => dropDatabase(admin.toString(), name) };
  }
  const cluster = await startEmbeddedPostgres({ dataDir: join(projectRoot, ".warden", `pg-test-${process.pid}`), ephemeral: true });
  await cluster.createDatabase(name);
  return { url: cluster.adminUrl(name), stop: () => cluster.stop() };
}

export default async function setup(project: TestProject) {
  // Unit tests are pure: they get no database (and do not wait for one).
  if (project.name === "unit") {
    project.provide("databaseUrl", "");
    return;
  }
  // Vitest runs this once per project; the first call makes the database, the others share it.
  const existing = process.env.WARDEN_TEST_DATABASE_URL;
  if (existing) {
    project.provide("databaseUrl", existing);
    return;
  }
  const started = Date.now();
  const database = await databaseForRun();
  try {
    await migrate(database.url);
  } catch (error) {
    await database.stop(); // or the cluster keeps the run from exiting
    throw error;
  }
  process.env.DATABASE_URL = database.url;
  process.env.WARDEN_TEST_DATABASE_URL = database.url;
  project.provide("databaseUrl", database.url);
  console.log(`[tests] database ready in ${Date.now() - started} ms`);
  return async () => {
    await database.stop();
  };
}
