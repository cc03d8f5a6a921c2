// "An approval is waiting": mailed to the organization's admins and owners who have not turned
// it off on their profile page, and whose address is verified.
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { sendMail } from "@/lib/mail/send";
import { approvalWaitingMail } from "@/lib/mail/templates";

/** Mails every approver; returns how many mails went out. An unknown approval sends nothing. */
export async function sendApprovalWaitingMail(orgId: string, approvalId: string): Promise<number> {
  const approval = await db.approval.findFirst({
    where: { id: approvalId, orgId },
    include: { org: { select: { name: true, slug: true } }, grant: { select: { name: true } } },
  });
  if (!approval) return 0;
  const approvers = await db.membership.findMany({
    where: { orgId, role: { in: ["admin", "owner"] }, user: { approvalMailOptOut: false, emailVerifiedAt: { not: null } } },
    select: { user: { select: { email: true } } },
  });
  const content = approvalWaitingMail({
    orgName: approval.org.name,
    toolName: approval.toolName,
    agent: `The agent of grant "${approval.grant.name}"`,
    url: `${env().APP_URL}/${approval.org.slug}/approvals/${approval.id}`,
    expiresAt: approval.expiresAt,
  });
  const outcomes = await Promise.all(approvers.map((m) => sendMail(m.user.email, content)));
  return outcomes.filter((o) => o.sent).length;
}
