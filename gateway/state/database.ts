// The gateway's own pg pool. Short connect and query timeouts make a dead database a fast
// refusal (fail closed) instead of a hang, and pool errors are logged, never fatal.
import pg from "pg";
import type { Logger } from "pino";

const TIMESTAMP_OID = 1114;

export type Database = pg.Pool;

export function createDatabase(url: string, logger: Logger, max = 20): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: 2_000,
    query_timeout: 5_000,
    idleTimeoutMillis: 30_000,
    allowExitOnIdle: true,
    // timestamp(3) columns hold UTC wall time: read them as UTC whatever the host's time zone.
    types: { getTypeParser: ((oid: number, format?: string) => (oid === TIMESTAMP_OID ? (text: string) => new Date(`${text.replace(" ", "T")}Z`) : pg.types.getTypeParser(oid, format as "text"))) as typeof pg.types.getTypeParser },
  });
  pool.on("error", (error) => logger.warn({ err: error.message }, "database connection lost"));
  return pool;
}

/** True for errors that mean "the database is not reachable right now" rather than a bug. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code ?? "";
  const message = error instanceof Error ? error.message : "";
  return (
    ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "57P01", "57P02", "57P03", "08006", "08001", "08003", "08004"].includes(code) ||
    /timeout|terminat|Connection terminated|not queryable|connect/i.test(message)
  );
}
