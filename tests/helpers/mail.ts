// The real local mail catcher for tests: the app sends through SMTP_URL to it, tests read what
// arrived. Start it before anything reads the environment (env() is cached per process).
import { afterAll, beforeAll } from "vitest";
import { startMailCatcher, type MailCatcher } from "@/lib/mail/catcher";
import type { CaughtMail } from "@/lib/mail/inbox";

export function useMailCatcher(): { catcher: () => MailCatcher } {
  let catcher: MailCatcher | undefined;
  beforeAll(async () => {
    catcher = await startMailCatcher();
    process.env.SMTP_URL = catcher.url;
  });
  afterAll(async () => {
    await catcher?.close();
  });
  return {
    catcher: () => {
      if (!catcher) throw new Error("the mail catcher has not started");
      return catcher;
    },
  };
}

/** The link in the mail's plain-text part whose path starts with `pathPrefix`. */
export function linkIn(mail: CaughtMail, pathPrefix: string): string {
  const link = mail.text.match(/https?:\/\/\S+/g)?.find((url) => new URL(url).pathname.startsWith(pathPrefix));
  if (!link) throw new Error(`No ${pathPrefix} link in "${mail.subject}"`);
  return link;
}

export const tokenIn = (mail: CaughtMail, pathPrefix: string) => new URL(linkIn(mail, pathPrefix)).pathname.slice(pathPrefix.length);
