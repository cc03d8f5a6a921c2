// What the catcher keeps of a message, and reading its folder for the /dev/mail page.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export type CaughtMail = { id: string; from: string; to: string[]; subject: string; text: string; html: string; receivedAt: string };

/** The newest messages first, at most `limit`; an empty list when the folder does not exist yet. */
export function readInbox(dir: string, limit = 100): CaughtMail[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith(".json"));
  } catch {
    return [];
  }
  return names
    .sort()
    .reverse()
    .slice(0, limit)
    .flatMap((name) => {
      try {
        return [JSON.parse(readFileSync(join(dir, name), "utf8")) as CaughtMail];
      } catch {
        return [];
      }
    });
}
