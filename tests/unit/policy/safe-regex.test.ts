import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { checkRegexPattern, compileSafeRegex } from "@/lib/policy/safe-regex";

const PATTERNS = [
  "^prod$", "a|b", "^(dev|staging)-\\d+$", "colou?r", "[^a-c]x", "\\bfoo\\b", "\\Bo", "a{2,3}b", "^$", "x*", "(ab)+c",
  "[a-]z", "^\\w+@\\w+\\.com$", "(?:a|b){2}", "a.c", "[\\d\\s]+", "\\.", "^(?<env>ab)c", "a+?b", "[]a", "\\x41\\u0042",
  "(\\d{3}-){2}\\d{4}", "^[A-Z][a-z]*( [A-Z][a-z]*)?$", "a{2,}", "\\s\\S\\W", "[\\w.-]+", "(a|ab)(c|bcd)(d*)",
];

describe("the linear-time matcher agrees with JavaScript's RegExp", () => {
  test.each(PATTERNS)("%s", (pattern) => {
    const ours = compileSafeRegex(pattern);
    const native = new RegExp(pattern);
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."abcdAB01-_.@ \n-xyzprodevstagingcolur"), maxLength: 24 }), (input) => {
        expect(ours.test(input)).toBe(native.test(input));
      }),
      { numRuns: 300 },
    );
  });
});

describe("unsafe or unsupported patterns are refused with a reason", () => {
  test.each([
    ["nested quantifier", "(a+)+", /repeats a group that itself repeats/],
    ["nested star", "(x*)*y", /repeats a group that itself repeats/],
    ["quantified group holding a quantifier", "(\\w+\\.){2,5}com", /repeats a group that itself repeats/],
    ["backreference", "(a)\\1", /backreference/],
    ["lookahead", "a(?=b)", /lookahead or lookbehind/],
    ["lookbehind", "(?<!a)b", /lookahead or lookbehind/],
    ["huge repetition", "a{1000}", /more than 100 times/],
    ["too many states", "(?:[a-z]{100}){100}", /too complex/],
    ["too long", "a".repeat(257), /limit is 256/],
    ["unclosed group", "(ab", /never closed/],
    ["stray paren", "ab)", /unmatched "\)"/],
    ["nothing to repeat", "*a", /nothing to repeat/],
    ["double quantifier", "a**", /two quantifiers/],
    ["unsupported escape", "\\p{L}", /"\\p", which is not supported/],
    ["reversed range", "[z-a]", /out of order/],
  ])("%s: %s", (_name, pattern, message) => {
    expect(checkRegexPattern(pattern)).toMatch(message);
  });

  test("fixed-count groups holding fixed counts are fine", () => {
    expect(checkRegexPattern("(\\d{3}-){2}")).toBeNull();
  });
});

test("a pattern that is polynomial in a backtracking engine stays linear here", () => {
  // \w*\w*\w*\w*! against 20,000 word characters would take ~10^16 steps with backtracking.
  expect(compileSafeRegex("\\w*\\w*\\w*\\w*!").test("a".repeat(20_000))).toBe(false);
});
