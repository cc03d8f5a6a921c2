"use server";

import { getSessionUser } from "@/lib/auth/session";
import { createOrganization } from "@/lib/data/accounts";
import { fieldErrors, newOrganizationBodySchema } from "@/lib/schemas/account";

export type NewOrganizationResult = { ok: true; orgSlug: string } | { ok: false; fields: Record<string, string> };

export async function newOrganizationAction(input: unknown): Promise<NewOrganizationResult> {
  const user = await getSessionUser();
  if (!user) return { ok: false, fields: { form: "Sign in first" } };
  const parsed = newOrganizationBodySchema.safeParse(input);
  if (!parsed.success) return { ok: false, fields: fieldErrors(parsed.error) };
  return { ok: true, ...(await createOrganization(user.id, parsed.data.organization)) };
}
