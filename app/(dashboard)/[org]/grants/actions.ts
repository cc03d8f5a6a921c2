"use server";

import { revalidatePath } from "next/cache";
import { orgAction } from "@/lib/auth/with-org";
import { AppError } from "@/lib/errors";
import { actorOf } from "@/lib/data/control-events";
import { createGrantFor, revokeGrantFor, rotateGrantFor, updateGrantFor } from "@/lib/data/grant-lifecycle";
import { fieldErrors } from "@/lib/schemas/account";
import { createGrantBodySchema, updateGrantBodySchema } from "@/lib/schemas/grant";

export const createGrantAction = orgAction("editor", async (ctx, input: unknown) => {
  const parsed = createGrantBodySchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError({ code: "unprocessable", message: "Check the highlighted fields", fields: fieldErrors(parsed.error) });
  }
  const created = await createGrantFor(ctx.orgId, actorOf(ctx), parsed.data);
  revalidatePath(`/${ctx.slug}/grants`);
  return created;
});

export const revokeGrantAction = orgAction("editor", async (ctx, grantId: string) => {
  await revokeGrantFor(ctx.orgId, actorOf(ctx), grantId);
  revalidatePath(`/${ctx.slug}/grants`);
});

export const rotateGrantAction = orgAction("editor", async (ctx, grantId: string) => {
  const rotated = await rotateGrantFor(ctx.orgId, actorOf(ctx), grantId);
  revalidatePath(`/${ctx.slug}/grants`);
  return rotated;
});

/** Rename, move to another policy of the server, or change the expiry; the token stays the same. */
export const updateGrantAction = orgAction("editor", async (ctx, input: { grantId: string; changes: unknown }) => {
  const parsed = updateGrantBodySchema.safeParse(input.changes);
  if (!parsed.success) {
    throw new AppError({ code: "unprocessable", message: "Check the highlighted fields", fields: fieldErrors(parsed.error) });
  }
  // The form refreshes its page itself; revalidatePath would tie this action to a Next request.
  await updateGrantFor(ctx.orgId, actorOf(ctx), String(input.grantId), parsed.data);
});
