/**
 * A parser for the regular expressions a policy may use in a `regex` condition.
 * It accepts the everyday subset of JavaScript syntax (literals, ".", classes, groups,
 * alternation, greedy or lazy quantifiers, ^ $ \b) and refuses what a linear-time
 * matcher cannot run (backreferences, lookaround) or what would be catastrophic in a
 * backtracking engine elsewhere (a repeated group that itself repeats, e.g. "(a+)+").
 *
 * The "schema" flavor reads the `pattern` of a JSON Schema as Ajv does (ECMA-262 with the
 * "u" flag): characters are code points, "\u{…}" and "\p{…}" are understood, and a group
 * that repeats may itself repeat, since only the linear-time matcher ever runs it.
 */
import { RegexSyntaxError } from "./regex-error";
import { propertyTest, unicodeEscapeAt } from "./regex-unicode";

export type CharTest = (code: number) => boolean;
export type AssertKind = "bol" | "eol" | "wordBoundary" | "notWordBoundary";
export type RegexNode =
  | { t: "empty" }
  | { t: "char"; test: CharTest }
  | { t: "assert"; kind: AssertKind }
  | { t: "cat"; items: RegexNode[] }
  | { t: "alt"; items: RegexNode[] }
  | { t: "rep"; node: RegexNode; min: number; max: number };

export { RegexSyntaxError };

export type RegexFlavor = {
  /** Code points rather than UTF-16 units; "\u{…}", "\p{…}" and "\P{…}" escapes. */
  unicode: boolean;
  /** Whether a quantified group may itself hold a variable quantifier ("(a+)+"). */
  nestedRepeats: boolean;
  /** The largest count a "{n,m}" may name. */
  maxRepeat: number;
};
export const POLICY_FLAVOR: RegexFlavor = { unicode: false, nestedRepeats: false, maxRepeat: 100 };
export const SCHEMA_FLAVOR: RegexFlavor = { unicode: true, nestedRepeats: true, maxRepeat: 1000 };

const SPACE = new Set([9, 10, 11, 12, 13, 32, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]);
export const isWordCode: CharTest = (c) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isDigit: CharTest = (c) => c >= 48 && c <= 57;
const isSpace: CharTest = (c) => SPACE.has(c) || (c >= 0x2000 && c <= 0x200a);
const isLineEnd: CharTest = (c) => c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
const CLASS_ESCAPES: Record<string, CharTest> = {
  d: isDigit,
  D: (c) => !isDigit(c),
  w: isWordCode,
  W: (c) => !isWordCode(c),
  s: isSpace,
  S: (c) => !isSpace(c),
};
const CONTROL_ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, f: 12, v: 11, "0": 0 };

/**
 * True when a node holds a quantifier of variable length ("+", "*", "{1,3}"): repeating
 * such a node is what makes backtracking engines explode. Fixed counts like "{3}" are safe.
 */
function repeatsVariably(node: RegexNode): boolean {
  if (node.t === "rep") return node.min !== node.max || repeatsVariably(node.node);
  if (node.t === "cat" || node.t === "alt") return node.items.some(repeatsVariably);
  return false;
}

class Parser {
  private pos = 0;
  constructor(
    private readonly src: string,
    private readonly flavor: RegexFlavor,
  ) {}

  parse(): RegexNode {
    const node = this.alternation();
    if (this.pos < this.src.length) throw new RegexSyntaxError(`has an unmatched ")" at position ${this.pos + 1}`);
    return node;
  }

  private peek(): string | undefined {
    return this.src[this.pos];
  }

  private alternation(): RegexNode {
    const items = [this.sequence()];
    while (this.peek() === "|") {
      this.pos++;
      items.push(this.sequence());
    }
    return items.length === 1 ? items[0]! : { t: "alt", items };
  }

  private sequence(): RegexNode {
    const items: RegexNode[] = [];
    while (this.pos < this.src.length && this.peek() !== "|" && this.peek() !== ")") items.push(this.quantified());
    if (items.length === 0) return { t: "empty" };
    return items.length === 1 ? items[0]! : { t: "cat", items };
  }

  private quantified(): RegexNode {
    const atom = this.atom();
    const quantifier = this.quantifier();
    if (!quantifier) return atom;
    if (atom.t === "assert") throw new RegexSyntaxError("repeats an anchor, which has nothing to repeat");
    if (!this.flavor.nestedRepeats && quantifier.max > 1 && repeatsVariably(atom)) {
      throw new RegexSyntaxError(
        "repeats a group that itself repeats (like \"(a+)+\"), which can take exponential time; remove the inner or outer quantifier",
      );
    }
    if (this.quantifier()) throw new RegexSyntaxError(`has two quantifiers in a row at position ${this.pos}`);
    return { t: "rep", node: atom, ...quantifier };
  }

  private quantifier(): { min: number; max: number } | null {
    const c = this.peek();
    let result: { min: number; max: number } | null = null;
    if (c === "*") result = { min: 0, max: Infinity };
    else if (c === "+") result = { min: 1, max: Infinity };
    else if (c === "?") result = { min: 0, max: 1 };
    if (result) this.pos++;
    else if (c === "{") result = this.braces();
    // A lazy "?" changes which match a backtracking engine finds first, not whether one exists.
    if (result && this.peek() === "?") this.pos++;
    return result;
  }

  private braces(): { min: number; max: number } | null {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
    if (!match) return null;
    const min = Number(match[1]);
    const max = match[2] === undefined ? min : match[3] ? Number(match[3]) : Infinity;
    const limit = this.flavor.maxRepeat;
    if (min > limit || (max !== Infinity && max > limit)) {
      throw new RegexSyntaxError(`repeats more than ${limit} times in "${match[0]}"`);
    }
    if (max < min) throw new RegexSyntaxError(`has a repetition "${match[0]}" whose maximum is below its minimum`);
    this.pos += match[0].length;
    return { min, max };
  }

  /** The character at the cursor, as a code point in the unicode flavor; advances past it. */
  private nextChar(): string {
    const code = this.flavor.unicode ? this.src.codePointAt(this.pos)! : this.src.charCodeAt(this.pos);
    const c = String.fromCodePoint(code);
    this.pos += c.length;
    return c;
  }

  private atom(): RegexNode {
    const c = this.nextChar();
    switch (c) {
      case "(":
        return this.group();
      case "[":
        return { t: "char", test: this.charClass() };
      case ".":
        return { t: "char", test: (code) => !isLineEnd(code) };
      case "^":
        return { t: "assert", kind: "bol" };
      case "$":
        return { t: "assert", kind: "eol" };
      case "\\":
        return this.escape();
      case "*":
      case "+":
      case "?":
        throw new RegexSyntaxError(`has "${c}" with nothing to repeat at position ${this.pos}`);
      case "{":
        this.pos--;
        if (this.braces()) throw new RegexSyntaxError(`has a repetition with nothing to repeat at position ${this.pos}`);
        this.pos++;
        return literal(c.charCodeAt(0));
      default:
        return literal(c.codePointAt(0)!);
    }
  }

  private group(): RegexNode {
    if (this.peek() === "?") {
      const head = this.src.slice(this.pos, this.pos + 3);
      if (head.startsWith("?:")) this.pos += 2;
      else if (/^\?<[A-Za-z_$]/.test(head)) this.skipGroupName();
      else throw new RegexSyntaxError("uses lookahead or lookbehind, which are not supported");
    }
    const node = this.alternation();
    if (this.peek() !== ")") throw new RegexSyntaxError('has a "(" that is never closed');
    this.pos++;
    return node;
  }

  private skipGroupName(): void {
    const end = this.src.indexOf(">", this.pos);
    if (end < 0) throw new RegexSyntaxError("has a named group whose name is never closed");
    this.pos = end + 1;
  }

  private escape(): RegexNode {
    const c = this.src[this.pos++];
    if (c === undefined) throw new RegexSyntaxError('ends with a lone "\\"');
    if (c === "b") return { t: "assert", kind: "wordBoundary" };
    if (c === "B") return { t: "assert", kind: "notWordBoundary" };
    const classTest = CLASS_ESCAPES[c] ?? this.propertyEscape(c);
    if (classTest) return { t: "char", test: classTest };
    return literal(this.escapedCode(c));
  }

  private propertyEscape(c: string): CharTest | null {
    if (!this.flavor.unicode || (c !== "p" && c !== "P")) return null;
    const end = this.src.indexOf("}", this.pos);
    if (this.src[this.pos] !== "{" || end < 0) throw new RegexSyntaxError(`has an incomplete "\\${c}{…}" escape`);
    const name = this.src.slice(this.pos + 1, end);
    this.pos = end + 1;
    return propertyTest(name, c === "P");
  }

  /** The character code of an escape after its backslash (shared by classes and atoms). */
  private escapedCode(c: string): number {
    const control = CONTROL_ESCAPES[c];
    if (control !== undefined && !(c === "0" && isDigit(this.src.charCodeAt(this.pos)))) return control;
    if (c === "u" && this.flavor.unicode) {
      const escape = unicodeEscapeAt(this.src, this.pos);
      this.pos += escape.length;
      return escape.code;
    }
    if (c === "x" || c === "u") return this.hexEscape(c === "x" ? 2 : 4);
    if (/[1-9]/.test(c) || c === "k") throw new RegexSyntaxError("uses a backreference, which is not supported");
    if (/[A-Za-z0-9]/.test(c)) throw new RegexSyntaxError(`uses the escape "\\${c}", which is not supported`);
    return c.charCodeAt(0);
  }

  private hexEscape(digits: number): number {
    const hex = this.src.slice(this.pos, this.pos + digits);
    if (!new RegExp(`^[0-9A-Fa-f]{${digits}}$`).test(hex)) throw new RegexSyntaxError("has an incomplete hex escape");
    this.pos += digits;
    return parseInt(hex, 16);
  }

  private charClass(): CharTest {
    const negated = this.peek() === "^";
    if (negated) this.pos++;
    const tests: CharTest[] = [];
    while (this.peek() !== "]") {
      if (this.pos >= this.src.length) throw new RegexSyntaxError('has a "[" that is never closed');
      const first = this.classAtom();
      if (typeof first === "number" && this.peek() === "-" && this.src[this.pos + 1] !== "]" && this.pos + 1 < this.src.length) {
        this.pos++;
        const last = this.classAtom();
        if (typeof last !== "number" || last < first) throw new RegexSyntaxError("has a character range out of order");
        tests.push((code) => code >= first && code <= last);
      } else {
        tests.push(typeof first === "number" ? (code) => code === first : first);
      }
    }
    this.pos++;
    return negated ? (code) => !tests.some((t) => t(code)) : (code) => tests.some((t) => t(code));
  }

  private classAtom(): number | CharTest {
    const c = this.nextChar();
    if (c !== "\\") return c.codePointAt(0)!;
    const e = this.src[this.pos++];
    if (e === undefined) throw new RegexSyntaxError('ends with a lone "\\"');
    if (e === "b") return 8;
    return CLASS_ESCAPES[e] ?? this.propertyEscape(e) ?? this.escapedCode(e);
  }
}

function literal(code: number): RegexNode {
  return { t: "char", test: (c) => c === code };
}

/** Parses a pattern or throws a RegexSyntaxError whose message completes "the pattern …". */
export function parseRegex(pattern: string, flavor: RegexFlavor = POLICY_FLAVOR): RegexNode {
  return new Parser(pattern, flavor).parse();
}
