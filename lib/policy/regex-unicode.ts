// The parts of ECMA-262's "u" flag the schema flavor of regex-parse.ts reads: property escapes
// ("\p{L}") and code point escapes ("\u{1F600}", or a surrogate pair of "\u" escapes).
import { RegexSyntaxError } from "./regex-error";

type CharTest = (code: number) => boolean;

/**
 * A "\p{…}" property test. The native engine runs only a single-character class against a
 * single code point here, which takes constant time whatever the input.
 */
export function propertyTest(name: string, negated: boolean): CharTest {
  let single: RegExp;
  try {
    if (!/^[A-Za-z_]+(=[A-Za-z_]+)?$/.test(name)) throw new RegexSyntaxError(name);
    single = new RegExp(`^\\p{${name}}$`, "u");
  } catch {
    throw new RegexSyntaxError(`names an unknown Unicode property "${name}"`);
  }
  return (code) => single.test(String.fromCodePoint(code)) !== negated;
}

/** The code point of the "\u" escape whose digits start at `pos`, and how many characters it spans. */
export function unicodeEscapeAt(src: string, pos: number): { code: number; length: number } {
  const braced = /^\{([0-9A-Fa-f]{1,6})\}/.exec(src.slice(pos, pos + 8));
  if (braced) {
    const code = parseInt(braced[1]!, 16);
    if (code > 0x10ffff) throw new RegexSyntaxError("has a \\u{…} escape beyond the last code point");
    return { code, length: braced[0].length };
  }
  const pair = /^([0-9A-Fa-f]{4})(?:\\u([Dd][C-Fc-f][0-9A-Fa-f]{2}))?/.exec(src.slice(pos, pos + 10));
  if (!pair) throw new RegexSyntaxError("has an incomplete hex escape");
  const high = parseInt(pair[1]!, 16);
  if (high < 0xd800 || high > 0xdbff || !pair[2]) return { code: high, length: 4 };
  return { code: 0x10000 + ((high - 0xd800) << 10) + (parseInt(pair[2], 16) - 0xdc00), length: 10 };
}
