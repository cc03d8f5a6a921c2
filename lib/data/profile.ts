// What the profile page shows and changes about the signed-in person.
import { db } from "@/lib/db";
import { accountDeletionBlockers } from "@/lib/data/account-deletion";
import type { ProfileView } from "@/lib/schemas/account-lifecycle";

export async function getProfile(userId: string): Promise<ProfileView> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  return {
    name: user.name,
    email: user.email,
    emailVerified: !!user.emailVerifiedAt,
    approvalMails: !user.approvalMailOptOut,
    deletionBlockers: await accountDeletionBlockers(userId),
  };
}

export async function setApprovalMails(userId: string, on: boolean): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { approvalMailOptOut: !on } });
}
