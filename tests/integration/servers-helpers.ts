// Helpers for the server tests. Debian's pg_dump (15) refuses to dump the embedded Postgres 17,
// so "the dump" is every row of every table as JSON text, read with SQL: the same bytes a dump
// would hold for the tables, which is where a leaked secret would be.
import { db } from "@/lib/db";

export async function databaseText(): Promise<string> {
  const tables = await db.$queryRaw<{ table_name: string }[]>`
    SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
  const parts: string[] = [];
  for (const { table_name } of tables) {
    const rows = await db.$queryRawUnsafe<{ row: unknown }[]>(`SELECT row_to_json(t)::text AS row FROM "${table_name}" t`);
    parts.push(...rows.map((r) => String(r.row)));
  }
  return parts.join("\n");
}
