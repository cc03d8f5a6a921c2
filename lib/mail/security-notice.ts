// Security notices: "a new sign-in" and "your password was changed / reset".
import { env } from "@/lib/env";
import { sendMail } from "@/lib/mail/send";
import { securityNoticeMail, type SecurityEvent } from "@/lib/mail/templates";

export type NoticeDetails = { at?: Date; ip?: string; userAgent?: string };

export async function notifySecurityEvent(email: string, event: SecurityEvent, details: NoticeDetails = {}): Promise<void> {
  await sendMail(email, securityNoticeMail({ event, at: details.at ?? new Date(), appUrl: env().APP_URL, ip: details.ip, userAgent: details.userAgent }));
}
