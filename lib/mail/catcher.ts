// The local mail catcher: a plain SMTP server on loopback that keeps every message it receives
// (in memory, and as JSON files in a folder when one is given, which /dev/mail shows). npm start
// runs it when SMTP_URL is unset; tests start one to read the mail the app really sent.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import type { CaughtMail } from "@/lib/mail/inbox";

export type MailCatcher = {
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  url: string;
  messages: () => CaughtMail[];
  /** The first message to `to` that matches, waiting up to timeoutMs for it to arrive. */
  waitFor: (to: string, match?: (mail: CaughtMail) => boolean, timeoutMs?: number) => Promise<CaughtMail>;
  close: () => Promise<void>;
};

// A cap so that a runaway sender cannot fill memory: the oldest messages go first.
const maxKeptMessages = 500;
const maxMessageBytes = 1_000_000;

export async function startMailCatcher(options: { port?: number; dir?: string } = {}): Promise<MailCatcher> {
  const kept: CaughtMail[] = [];
  const waiters = new Set<() => void>();
  if (options.dir) mkdirSync(options.dir, { recursive: true });
  const server = new SMTPServer({
    // Loopback only, no TLS and no login: nothing here is reachable from another machine.
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    size: maxMessageBytes,
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const to = [parsed.to ?? []].flat().flatMap((a) => a.value.map((v) => (v.address ?? "").toLowerCase()));
          const mail: CaughtMail = {
            id: randomUUID(),
            from: parsed.from?.text ?? "",
            to,
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : "",
            receivedAt: new Date().toISOString(),
          };
          kept.push(mail);
          if (kept.length > maxKeptMessages) kept.shift();
          if (options.dir) writeFileSync(join(options.dir, `${Date.now()}-${mail.id}.json`), JSON.stringify(mail));
          for (const wake of waiters) wake();
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;

  async function waitFor(to: string, match: (mail: CaughtMail) => boolean = () => true, timeoutMs = 10_000) {
    const find = () => kept.find((m) => m.to.includes(to.toLowerCase()) && match(m));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`No mail to ${to} arrived within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, 200);
        waiters.add(wake);
      });
    }
  }

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages: () => [...kept],
    waitFor,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
