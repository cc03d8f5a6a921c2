import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { env } from "@/lib/env";
import { readInbox } from "@/lib/mail/inbox";
import { MailInbox } from "@/components/settings/mail-inbox";

export const metadata: Metadata = { title: "Local mail inbox", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

// Only while npm start runs its local catcher on a loopback-only install (it sets the folder then):
// the messages carry reset links, so this page must never exist on a shared install.
export default function DevMailPage() {
  const dir = env().WARDEN_MAIL_CATCHER_DIR;
  if (!dir) notFound();
  const messages = readInbox(dir).map((m) => ({ id: m.id, to: m.to.join(", "), subject: m.subject, text: m.text, html: m.html, receivedAt: m.receivedAt }));
  return (
    <main className="content" style={{ maxWidth: "60rem", margin: "0 auto", padding: "1.5rem" }}>
      <p className="small"><Link href="/">← Back to Warden</Link></p>
      <h1>Local mail inbox</h1>
      <p className="muted">Mail Warden sent while SMTP_URL is unset. It never left this machine. Newest first.</p>
      <MailInbox messages={messages} />
    </main>
  );
}
