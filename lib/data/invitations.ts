// Invitation links: a random token shown once as a link, stored as sha256, single use, expiring.
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { generateToken, hashToken } from "@/lib/crypto";
import { AppError, notFound } from "@/lib/errors";
import type { Role } from "@/lib/auth/roles";
import { recordControlEvent, type Actor } from "@/lib/data/control-events";
import { sendMail } from "@/lib/mail/send";
import { invitationMail } from "@/lib/mail/templates";

export type InvitationView = { id: string; role: Role; createdAt: string; expiresAt: string; createdBy: string | null };

/** Creates the link; with an email, also mails it (mailed says whether the mail went out). */
export async function createInvitation(orgId: string, actor: Actor, input: { role: Role; expiresInDays: number; email?: string }) {
  const { token, hash } = generateToken("invite");
  const expiresAt = new Date(Date.now() + input.expiresInDays * 86400_000);
  const invitation = await db.invitation.create({
    data: { orgId, tokenHash: hash, role: input.role, createdById: actor.userId, expiresAt },
    select: { id: true, role: true, expiresAt: true },
  });
  await recordControlEvent(orgId, actor, { method: "invitation/create", decision: input.role, detail: { invitationId: invitation.id, mailed: !!input.email } });
  const link = `${env().APP_URL}/invite/${token}`;
  const mailed = input.email ? (await mailInvitation(orgId, actor, input.email, link, invitation)).sent : false;
  return { ...invitation, link, mailed };
}

async function mailInvitation(orgId: string, actor: Actor, email: string, url: string, invitation: { role: Role; expiresAt: Date }) {
  const org = await db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { name: true } });
  const inviter = actor.userId ? await db.user.findUnique({ where: { id: actor.userId }, select: { name: true } }) : null;
  return sendMail(email, invitationMail({ orgName: org.name, role: invitation.role, inviter: inviter?.name ?? "Someone", url, expiresAt: invitation.expiresAt }));
}

/** Open invitations: not accepted and not expired. */
export async function listInvitations(orgId: string): Promise<InvitationView[]> {
  const rows = await db.invitation.findMany({
    where: { orgId, acceptedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
  });
  const creators = await db.user.findMany({
    where: { id: { in: rows.flatMap((r) => (r.createdById ? [r.createdById] : [])) } },
    select: { id: true, name: true },
  });
  const names = new Map(creators.map((u) => [u.id, u.name]));
  return rows.map((r) => ({
    id: r.id,
    role: r.role,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    createdBy: r.createdById ? (names.get(r.createdById) ?? null) : null,
  }));
}

export async function revokeInvitation(orgId: string, actor: Actor, id: string) {
  const { count } = await db.invitation.deleteMany({ where: { orgId, id, acceptedAt: null } });
  if (count === 0) throw notFound("No such invitation");
  await recordControlEvent(orgId, actor, { method: "invitation/revoke", decision: "revoked", detail: { invitationId: id } });
}

/** What the invite page shows before accepting; null when the link is unknown, used or expired. */
export async function previewInvitation(token: string) {
  const row = await db.invitation.findUnique({ where: { tokenHash: hashToken(token) }, include: { org: { select: { name: true, slug: true } } } });
  if (!row || row.acceptedAt || row.expiresAt <= new Date()) return null;
  return { orgName: row.org.name, orgSlug: row.org.slug, role: row.role, expiresAt: row.expiresAt.toISOString() };
}

const unusable = () => new AppError({ code: "not_found", message: "This invitation link is unknown, already used or expired" });

/**
 * Accepts an invitation for a signed-in user. The link is spent by one conditional update, so it
 * works once even when opened twice at the same moment. A member already in the org keeps their role.
 */
export async function acceptInvitation(token: string, userId: string): Promise<{ orgSlug: string }> {
  const result = await db.$transaction(async (tx) => {
    const row = await tx.invitation.findUnique({ where: { tokenHash: hashToken(token) }, include: { org: { select: { slug: true } } } });
    if (!row) throw unusable();
    const { count } = await tx.invitation.updateMany({
      where: { id: row.id, acceptedAt: null, expiresAt: { gt: new Date() } },
      data: { acceptedAt: new Date(), acceptedBy: userId },
    });
    if (count === 0) throw unusable();
    const existing = await tx.membership.findFirst({ where: { orgId: row.orgId, userId } });
    if (!existing) await tx.membership.create({ data: { orgId: row.orgId, userId, role: row.role } });
    return { orgId: row.orgId, orgSlug: row.org.slug, role: row.role, added: !existing, invitationId: row.id };
  });
  if (result.added) {
    await recordControlEvent(result.orgId, { userId, apiKeyId: null }, {
      method: "member/add",
      decision: result.role,
      detail: { invitationId: result.invitationId, userId },
    });
  }
  return { orgSlug: result.orgSlug };
}
