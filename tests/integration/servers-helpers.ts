// Helpers for the server tests. Debian's pg_dump (15) refuses to dump the embedded Postgres 17,
// so "the dump" is every row of every table as text, searched inside Postgres: the same bytes a
// dump would hold for the tables, which is where a leaked secret would be. (Reading every row out
// instead overflowed once the audit tables held a million rows.)
import { db } from "@/lib/db";
import { session } from "./servers-fake-session";
import { makeAccount } from "../helpers/factories";
import type { Role } from "@/lib/auth/roles";

/** The tables in which some row, as text, contains `needle`. */
export async function tablesContaining(needle: string): Promise<string[]> {
  const tables = await db.$queryRaw<{ table_name: string }[]>`
    SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
  const found: string[] = [];
  for (const { table_name } of tables) {
    const rows = await db.$queryRawUnsafe<{ hit: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM "${table_name}" t WHERE strpos(t::text, $1) > 0) AS hit`,
      needle,
    );
    if (rows[0]?.hit) found.push(table_name);
  }
  return found;
}

// Server actions read the signed-in user from next-auth; the tests mock that module with
// servers-fake-session.ts, so an action runs "as" a given person and the rest is real.
export { session };

export async function signedInAs(userId: string) {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, name: true } });
  session.user = user;
}

/** A second person in the org with the given role. */
export async function memberWithRole(orgId: string, role: Role) {
  const person = await makeAccount(`${role}-member`);
  await db.membership.create({ data: { orgId, userId: person.userId, role } });
  return person.userId;
}
