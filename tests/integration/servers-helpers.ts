// Helpers for the server tests. Debian's pg_dump (15) refuses to dump the embedded Postgres 17,
// so "the dump" is every row of every table as JSON text, read with SQL: the same bytes a dump
// would hold for the tables, which is where a leaked secret would be.
import { db } from "@/lib/db";
import { session } from "./servers-fake-session";
import { makeAccount } from "../helpers/factories";
import type { Role } from "@/lib/auth/roles";

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
