// Postgres work during a measured window: statements executed (pg_stat_statements, when the
// cluster preloads it), transactions committed and audit rows inserted (pg_stat_database,
// always there). Snapshots are taken by the benchmark's own connection, whose queries are left out.
import pg from "pg";

export type PgSnapshot = { statements: number | null; commits: number; auditRows: number; at: number };

const OWN = "%/* bench */%";

export class PgWork {
  private statementsOn = false;
  private constructor(
    private readonly client: pg.Client,
    readonly url: string,
  ) {}

  static async open(url: string): Promise<PgWork> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const work = new PgWork(client, url);
    try {
      await client.query("/* bench */ CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      await client.query("/* bench */ SELECT count(*) FROM pg_stat_statements");
      work.statementsOn = true;
    } catch {
      work.statementsOn = false; // not preloaded: transactions and rows are still counted
    }
    return work;
  }

  get hasStatements(): boolean {
    return this.statementsOn;
  }

  /** Waits until the audit rows stop arriving (a warm-up's are all written), so a window counts only its own statements. */
  async settled(pollMs: number): Promise<void> {
    let last = -1;
    for (let i = 0; i < 50; i++) {
      const { auditRows } = await this.snapshot();
      if (auditRows === last) return;
      last = auditRows;
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  async snapshot(): Promise<PgSnapshot> {
    const q = async (sql: string) => Number(((await this.client.query(sql)).rows[0] as { n: string | null }).n ?? 0);
    const statements = this.statementsOn
      ? await q(`/* bench */ SELECT sum(calls) AS n FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '${OWN}' AND query NOT IN ('BEGIN', 'COMMIT', 'ROLLBACK')`)
      : null;
    const commits = await q("/* bench */ SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()");
    const auditRows = await q("/* bench */ SELECT count(*) AS n FROM audit_events");
    return { statements, commits, auditRows, at: performance.now() };
  }

  /** The statements of the window, most frequent first (for the report). */
  async topStatements(limit = 6): Promise<{ query: string; calls: number }[]> {
    if (!this.statementsOn) return [];
    const { rows } = await this.client.query(`/* bench */ SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS query, calls FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '${OWN}' ORDER BY calls DESC LIMIT ${limit}`);
    return rows.map((row: { query: string; calls: string }) => ({ query: row.query, calls: Number(row.calls) }));
  }

  /**
   * The window's statements by what they serve: audit (one warden_append_audit per batch, and the
   * rare check for stored events after a failed write), counters, and anything else (grant
   * touches, version checks, catalog loads).
   */
  async statementsByKind(): Promise<{ audit: number; auditInserts: number; counter: number; other: number } | null> {
    if (!this.statementsOn) return null;
    const { rows } = await this.client.query(`/* bench */ SELECT CASE WHEN query ILIKE '%warden_append_audit(%' THEN 'auditInserts' WHEN query ILIKE '%audit%' THEN 'audit' WHEN query ILIKE '%counter%' THEN 'counter' ELSE 'other' END AS kind, sum(calls) AS n
      FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '${OWN}' AND query NOT IN ('BEGIN', 'COMMIT', 'ROLLBACK') GROUP BY 1`);
    const n = (kind: string) => Number((rows as { kind: string; n: string }[]).find((row) => row.kind === kind)?.n ?? 0);
    return { audit: n("audit") + n("auditInserts"), auditInserts: n("auditInserts"), counter: n("counter"), other: n("other") };
  }

  async reset(): Promise<void> {
    if (this.statementsOn) await this.client.query("/* bench */ SELECT pg_stat_statements_reset()");
  }

  async counterTotal(counter: string): Promise<number> {
    const { rows } = await this.client.query("/* bench */ SELECT coalesce(sum(count), 0) AS n FROM counters WHERE key LIKE $1", [`%${counter}%`]);
    return Number((rows[0] as { n: string }).n);
  }

  async query<T>(sql: string, values: unknown[] = []): Promise<T[]> {
    return (await this.client.query(`/* bench */ ${sql}`, values)).rows as T[];
  }

  close(): Promise<void> {
    return this.client.end();
  }
}
