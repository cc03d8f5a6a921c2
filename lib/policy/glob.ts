/**
 * Glob patterns for rule keys: "*" matches any run of characters, "?" exactly one. Resource
 * URIs use "?" for their query, so their patterns take only "*" (wildcards "*").
 */
export type Wildcards = "*?" | "*";

export function isPattern(key: string, wildcards: Wildcards = "*?"): boolean {
  return key.includes("*") || (wildcards === "*?" && key.includes("?"));
}

/**
 * Whether `text` matches `pattern`, in time proportional to their lengths' product at worst
 * (the classic two-pointer algorithm that backtracks only to the last "*"), so an agent's
 * tool name cannot make matching slow.
 */
export function globMatch(pattern: string, text: string, wildcards: Wildcards = "*?"): boolean {
  const questionMarks = wildcards === "*?";
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    const pc = pattern[p];
    if ((pc === "?" && questionMarks) || (pc !== undefined && pc !== "*" && pc === text[t])) {
      p++;
      t++;
    } else if (pc === "*") {
      starP = p++;
      starT = t;
    } else if (starP >= 0) {
      p = starP + 1;
      t = ++starT;
    } else return false;
  }
  while (pattern[p] === "*") p++;
  return p === pattern.length;
}

/** Precedence among patterns: the longer pattern first, then the one with more literal characters, then by name. */
export function comparePatterns(a: string, b: string, wildcards: Wildcards = "*?"): number {
  if (a.length !== b.length) return b.length - a.length;
  const wild = wildcards === "*?" ? /[*?]/g : /\*/g;
  const literalsA = a.replace(wild, "").length;
  const literalsB = b.replace(wild, "").length;
  if (literalsA !== literalsB) return literalsB - literalsA;
  return a < b ? -1 : a > b ? 1 : 0;
}
