// The organization itself. Every function takes the org id from the tenancy gate first.
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { RenameOrganizationBody } from "@/lib/schemas/organization";

export async function getOrganization(orgId: string) {
  const org = await db.organization.findUnique({ where: { id: orgId }, select: { id: true, name: true, slug: true, createdAt: true } });
  if (!org) throw notFound();
  return org;
}

export async function renameOrganization(orgId: string, body: RenameOrganizationBody) {
  const { count } = await db.organization.updateMany({ where: { id: orgId }, data: { name: body.name } });
  if (count === 0) throw notFound();
  return getOrganization(orgId);
}
