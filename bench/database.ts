// The benchmarks' database: DATABASE_URL's server (a warden_bench database in it) or a fresh
// embedded cluster, migrated. `preload` asks the embedded cluster for pg_stat_statements.
import { join } from "node:path";
import { createDatabaseIfMissing, migrate, projectRoot, startEmbeddedPostgres } from "@/lib/db-bootstrap";

export type BenchDatabase = { url: string; stop(): Promise<void> };

export async function benchDatabase(options: { statements?: boolean } = {}): Promise<BenchDatabase> {
  const given = process.env.DATABASE_URL;
  if (given) {
    const url = new URL(given);
    url.pathname = "/warden_bench";
    await createDatabaseIfMissing(given, "warden_bench");
    await migrate(url.toString());
    return { url: url.toString(), stop: async () => {} };
  }
  const postgresFlags = options.statements ? ["-c", "shared_preload_libraries=pg_stat_statements", "-c", "pg_stat_statements.track=top"] : [];
  const cluster = await startEmbeddedPostgres({ dataDir: join(projectRoot, ".warden", "pg-bench"), ephemeral: true, postgresFlags });
  await cluster.createDatabase("warden_bench");
  const url = cluster.adminUrl("warden_bench");
  await migrate(url);
  return { url, stop: () => cluster.stop() };
}
