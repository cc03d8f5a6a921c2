// Links mailed to a person (verify email, reset password): 256 random bits shown once in the
// mail, stored as sha256, spent by one conditional update so they work exactly once.
import { db } from "@/lib/db";
import { generateToken, hashToken } from "@/lib/crypto";
import type { AccountTokenKind } from "@/lib/generated/prisma/client";

export const verifyEmailTtlMs = 48 * 3600_000;
export const resetPasswordTtlMs = 30 * 60_000;

const prefixKind = { verify_email: "verify", reset_password: "reset" } as const;

/** A new token; earlier unused tokens of the same kind for this person stop working. */
export async function issueAccountToken(userId: string, kind: AccountTokenKind, ttlMs: number, now = new Date()): Promise<string> {
  const { token, hash } = generateToken(prefixKind[kind]);
  await db.$transaction([
    db.accountToken.updateMany({ where: { userId, kind, usedAt: null }, data: { usedAt: now } }),
    db.accountToken.create({ data: { userId, kind, tokenHash: hash, expiresAt: new Date(now.getTime() + ttlMs) } }),
  ]);
  return token;
}

/** Spends the token: its user id, or null when it is unknown, of another kind, used or expired. */
export async function consumeAccountToken(token: string, kind: AccountTokenKind, now = new Date()): Promise<string | null> {
  const tokenHash = hashToken(token);
  const { count } = await db.accountToken.updateMany({
    where: { tokenHash, kind, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (count === 0) return null;
  const row = await db.accountToken.findUnique({ where: { tokenHash }, select: { userId: true } });
  return row?.userId ?? null;
}

/** Whether the token would work, without spending it (the reset page checks before showing its form). */
export async function accountTokenUsable(token: string, kind: AccountTokenKind, now = new Date()): Promise<boolean> {
  const row = await db.accountToken.findUnique({ where: { tokenHash: hashToken(token) } });
  return !!row && row.kind === kind && !row.usedAt && row.expiresAt > now;
}
