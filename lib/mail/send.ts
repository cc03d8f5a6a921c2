// Outgoing mail over SMTP (nodemailer). Without SMTP_URL nothing is sent: the message is logged
// without its body, since bodies carry single-use links.
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";
import type { MailContent } from "@/lib/mail/templates";

let cached: { url: string; transport: Transporter } | undefined;

function transportFor(url: string): Transporter {
  if (cached?.url !== url) cached = { url, transport: nodemailer.createTransport(url) };
  return cached.transport;
}

export type SendOutcome = { sent: true } | { sent: false; reason: string };

/**
 * Sends one message. A delivery failure is reported, not thrown: the action that sends the mail
 * (sign-up, an invitation) has already happened and must not fail because the mail did not go.
 */
export async function sendMail(to: string, content: MailContent): Promise<SendOutcome> {
  const { SMTP_URL, MAIL_FROM } = env();
  if (!SMTP_URL) {
    console.warn(`[mail] SMTP_URL is not set: "${content.subject}" to ${to} was not sent`);
    return { sent: false, reason: "SMTP_URL is not set" };
  }
  try {
    await transportFor(SMTP_URL).sendMail({ from: MAIL_FROM, to, subject: content.subject, text: content.text, html: content.html });
    return { sent: true };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`[mail] "${content.subject}" to ${to} failed: ${reason}`);
    return { sent: false, reason };
  }
}
