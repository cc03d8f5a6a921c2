// Test data through the product's own functions: every test makes its own org, user and keys.
import { randomBytes } from "node:crypto";
import { createAccount } from "@/lib/data/accounts";
import { createApiKey } from "@/lib/data/api-keys";
import { db } from "@/lib/db";
import type { Role } from "@/lib/auth/roles";

export const uniqueEmail = (label = "user") => `${label}-${randomBytes(5).toString("hex")}@example.com`;

/** An account whose email is verified, unless a test about verification asks otherwise. */
export async function makeAccount(label = "org", options: { verified?: boolean } = {}) {
  const email = uniqueEmail(label);
  const password = "correct-horse-battery";
  const { userId, orgSlug } = await createAccount({ name: `${label} user`, email, password, organization: `${label} Inc` });
  if (options.verified !== false) await db.user.update({ where: { id: userId }, data: { emailVerifiedAt: new Date() } });
  const org = await db.organization.findUniqueOrThrow({ where: { slug: orgSlug } });
  return { userId, email, password, org };
}

export async function makeApiKey(orgId: string, role: Role = "admin") {
  return createApiKey(orgId, { name: `test ${role}`, role });
}
