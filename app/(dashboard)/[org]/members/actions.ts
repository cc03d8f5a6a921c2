"use server";

import { revalidatePath } from "next/cache";
import { orgAction } from "@/lib/auth/with-org";
import { hasRole } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { actorOf } from "@/lib/data/control-events";
import { createInvitation, revokeInvitation } from "@/lib/data/invitations";
import { assertEmailVerified } from "@/lib/data/account-recovery";
import { changeMemberRole, findMembershipOfUser, removeMember } from "@/lib/data/members";
import { changeRoleBodySchema, createInvitationBodySchema } from "@/lib/schemas/member";

function invalid(message: string | undefined): never {
  throw new AppError({ code: "unprocessable", message: message ?? "Invalid input" });
}

export const inviteAction = orgAction("admin", async (ctx, input: unknown) => {
  if (ctx.user) await assertEmailVerified(ctx.user.id);
  const parsed = createInvitationBodySchema.safeParse(input);
  if (!parsed.success) invalid(parsed.error.issues[0]?.message);
  if (parsed.data.role === "owner" && ctx.role !== "owner") throw new AppError({ code: "forbidden", message: "Only an owner can invite an owner" });
  const invitation = await createInvitation(ctx.orgId, actorOf(ctx), parsed.data);
  revalidatePath(`/${ctx.slug}/members`);
  return { link: invitation.link, role: invitation.role, expiresAt: invitation.expiresAt.toISOString(), mailed: invitation.mailed };
});

export const revokeInvitationAction = orgAction("admin", async (ctx, id: string) => {
  await revokeInvitation(ctx.orgId, actorOf(ctx), id);
  revalidatePath(`/${ctx.slug}/members`);
});

export const changeRoleAction = orgAction("admin", async (ctx, input: unknown) => {
  const parsed = changeRoleBodySchema.safeParse(input);
  if (!parsed.success) invalid(parsed.error.issues[0]?.message);
  await changeMemberRole(ctx.orgId, { ...actorOf(ctx), role: ctx.role }, parsed.data.membershipId, parsed.data.role);
  revalidatePath(`/${ctx.slug}/members`);
});

// Removing someone else needs admin; leaving (removing yourself) only membership.
export const removeMemberAction = orgAction("viewer", async (ctx, membershipId: string) => {
  const own = ctx.user ? await findMembershipOfUser(ctx.orgId, ctx.user.id) : null;
  if (own?.id !== membershipId && !hasRole(ctx.role, "admin")) {
    throw new AppError({ code: "forbidden", message: "This needs the admin role or higher in this organization" });
  }
  await removeMember(ctx.orgId, { ...actorOf(ctx), role: ctx.role }, membershipId);
  revalidatePath(`/${ctx.slug}/members`);
  return { left: own?.id === membershipId };
});
