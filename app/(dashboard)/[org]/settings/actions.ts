"use server";

import { revalidatePath } from "next/cache";
import { orgAction } from "@/lib/auth/with-org";
import { hasRole } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { createApiKey, revokeApiKey } from "@/lib/data/api-keys";
import { assertEmailVerified } from "@/lib/data/account-recovery";
import { actorOf, recordControlEvent } from "@/lib/data/control-events";
import { renameOrganization } from "@/lib/data/organizations";
import { fieldErrors } from "@/lib/schemas/account";
import { createApiKeyBodySchema } from "@/lib/schemas/member";
import { renameOrganizationBodySchema } from "@/lib/schemas/organization";
import { deleteOrganization } from "@/lib/data/account-deletion";
import { deleteOrganizationBodySchema } from "@/lib/schemas/account-lifecycle";

export const renameOrganizationAction = orgAction("admin", async (ctx, input: unknown) => {
  const parsed = renameOrganizationBodySchema.safeParse(input);
  if (!parsed.success) throw new AppError({ code: "unprocessable", message: "Check the name", fields: fieldErrors(parsed.error) });
  const org = await renameOrganization(ctx.orgId, parsed.data);
  await recordControlEvent(ctx.orgId, actorOf(ctx), { method: "organization/rename", decision: "renamed", detail: { from: ctx.orgName, to: org.name } });
  revalidatePath(`/${ctx.slug}`, "layout");
  return { name: org.name };
});

// A key never gets more power than the person who makes it.
export const createApiKeyAction = orgAction("admin", async (ctx, input: unknown) => {
  if (ctx.user) await assertEmailVerified(ctx.user.id);
  const parsed = createApiKeyBodySchema.safeParse(input);
  if (!parsed.success) throw new AppError({ code: "unprocessable", message: "Check the fields", fields: fieldErrors(parsed.error) });
  if (!hasRole(ctx.role, parsed.data.role)) {
    throw new AppError({ code: "forbidden", message: `You cannot create a key with more rights than your own (${ctx.role})`, fields: { role: "Higher than your own role" } });
  }
  const key = await createApiKey(ctx.orgId, { ...parsed.data, createdById: ctx.user?.id ?? null });
  await recordControlEvent(ctx.orgId, actorOf(ctx), { method: "api_key/create", decision: key.role, detail: { apiKeyId: key.id, name: key.name } });
  revalidatePath(`/${ctx.slug}/settings`);
  return { id: key.id, name: key.name, role: key.role, token: key.token };
});

export const revokeApiKeyAction = orgAction("admin", async (ctx, id: string) => {
  await revokeApiKey(ctx.orgId, id);
  await recordControlEvent(ctx.orgId, actorOf(ctx), { method: "api_key/revoke", decision: "revoked", detail: { revokedKeyId: id } });
  revalidatePath(`/${ctx.slug}/settings`);
});

// Owner only, after typing the name. The audit row for it would be deleted with the org, so the
// record of who deleted it is the server log line.
export const deleteOrganizationAction = orgAction("owner", async (ctx, input: unknown) => {
  const parsed = deleteOrganizationBodySchema.safeParse(input);
  if (!parsed.success) throw new AppError({ code: "unprocessable", message: "Type the organization's name", fields: fieldErrors(parsed.error) });
  await deleteOrganization(ctx.orgId, parsed.data.confirmName);
  console.info(`[warden] organization ${ctx.orgId} (${ctx.slug}) deleted by ${ctx.user?.id ?? ctx.apiKeyId}`);
  revalidatePath("/", "layout");
});
