/**
 * The words classification reads in tool names and descriptions. These are general English
 * API verbs and nouns, not names of any particular server's tools.
 */
const words = (text: string) => new Set(text.split(/\s+/).filter(Boolean));

export const DELETE_VERBS = words(`delete remove drop destroy purge erase unlink truncate wipe rm del trash
  deregister unregister uninstall clear`);

export const READ_VERBS = words(`get list search query find fetch read describe show view compare count
  check lookup inspect download explain preview summarize analyze diff browse retrieve resolve estimate
  is has exists validate`);

/** Read words that are also nouns ("run_status_update"): they count only when no other verb is in the name. */
export const WEAK_READ_VERBS = words(`health ping status info stat whoami version`);

/** First words of descriptions that say the tool reads ("Returns…", "Reports…", "Looks up…"). */
const DESCRIPTION_READ_VERBS = words(`return report look`);

export const WRITE_VERBS = words(`set create update add put post insert register write edit modify patch
  rename move copy clone transition promote demote deploy publish upload send run execute start stop
  restart log tag untag assign grant revoke enable disable approve reject merge push commit save import
  restore replace upsert apply trigger invoke schedule cancel reset sync link attach detach archive
  unarchive transfer migrate release rollback`);

/** Writes whose effect reaches beyond the record they touch: what serves, who can act, where data goes. */
export const FAR_REACHING_VERBS = words(`transition promote demote deploy publish release rollback copy clone
  move transfer migrate merge push send execute run grant revoke approve`);

/** Nouns that name what production traffic or access control hangs on. */
export const SENSITIVE_NOUNS = words(`alias aliases stage stages production prod deployment deployments
  permission permissions role roles acl acls secret secrets credential credentials password passwords
  policy policies webhook webhooks`);

/** Nouns for one record of activity or annotation, cheap to lose compared with a container. */
export const LEAF_NOUNS = words(`run runs tag tags comment comments note notes label labels draft drafts
  message messages session sessions cache`);

/** Reads that return raw content rather than metadata. */
export const CONTENT_WORDS = words(`content contents download raw file files blob blobs dump export body`);

/** Fields that only describe a thing; changing them changes no behaviour. */
export const DESCRIPTIVE_FIELDS = words(`description comment note title summary display_name`);

export const SECRET_WORDS = words(`secret secrets credential credentials password passwords private_key apikey api_key`);

/** Description phrases that say a delete can be undone, or that it cannot. */
export const REVERSIBLE_PHRASES = [/\bsoft[- ]delet/i, /\bcan be restored\b/i, /\brecoverable\b/i, /\bto the trash\b/i];
export const IRREVERSIBLE_PHRASES = [/\bpermanent(ly)?\b/i, /\birreversibl[ey]\b/i, /\bcannot be undone\b/i];

/** Splits snake_case, kebab-case, dotted and camelCase names into lower-case words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** The vocabulary verb of a description's first word ("Deletes a run" → "delete", "Returns…" → "return"). */
export function descriptionVerb(description: string): { verb: string; kind: "read" | "write" | "delete" } | null {
  const first = /^\s*([A-Za-z]+)/.exec(description)?.[1]?.toLowerCase();
  if (!first) return null;
  for (const verb of [first, first.replace(/e?s$/, ""), first.replace(/s$/, "")]) {
    if (DELETE_VERBS.has(verb)) return { verb, kind: "delete" };
    if (WRITE_VERBS.has(verb)) return { verb, kind: "write" };
    if (READ_VERBS.has(verb) || DESCRIPTION_READ_VERBS.has(verb)) return { verb, kind: "read" };
  }
  return null;
}
