/** Glob patterns for tool keys: "*" matches any run of characters, "?" exactly one. */
export function isPattern(key: string): boolean {
  return key.includes("*") || key.includes("?");
}

/**
 * Whether `text` matches `pattern`, in time proportional to their lengths' product at worst
 * (the classic two-pointer algorithm that backtracks only to the last "*"), so an agent's
 * tool name cannot make matching slow.
 */
export function globMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    const pc = pattern[p];
    if (pc === "?" || (pc !== undefined && pc !== "*" && pc === text[t])) {
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
export function comparePatterns(a: string, b: string): number {
  if (a.length !== b.length) return b.length - a.length;
  const literalsA = a.replace(/[*?]/g, "").length;
  const literalsB = b.replace(/[*?]/g, "").length;
  if (literalsA !== literalsB) return literalsB - literalsA;
  return a < b ? -1 : a > b ? 1 : 0;
}
