"use server";

import { revalidatePath } from "next/cache";
import { orgAction } from "@/lib/auth/with-org";
import { AppError } from "@/lib/errors";
import { actorOf } from "@/lib/data/control-events";
import { createGrantFor, revokeGrantFor, rotateGrantFor } from "@/lib/data/grant-lifecycle";
import { fieldErrors } from "@/lib/schemas/account";
import { createGrantBodySchema } from "@/lib/schemas/grant";

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
