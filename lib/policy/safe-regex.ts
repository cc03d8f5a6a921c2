import { LinearRegex } from "./regex-nfa";
import { parseRegex, RegexSyntaxError } from "./regex-parse";

/** Patterns longer than this are refused: a policy condition should be short enough to read. */
export const MAX_REGEX_LENGTH = 256;

export interface SafeRegex {
  test(input: string): boolean;
}

/**
 * Checks a `regex` condition's pattern; returns null when it is safe, or a sentence saying
 * what is wrong ("the pattern …") for the schema's error at the condition's pointer.
 */
export function checkRegexPattern(pattern: string): string | null {
  if (pattern.length > MAX_REGEX_LENGTH) {
    return `the pattern is ${pattern.length} characters long; the limit is ${MAX_REGEX_LENGTH}`;
  }
  try {
    new LinearRegex(parseRegex(pattern));
    return null;
  } catch (error) {
    if (error instanceof RegexSyntaxError) return `the pattern ${error.message}`;
    throw error;
  }
}

/** Compiles a pattern that passed checkRegexPattern into a linear-time matcher. */
export function compileSafeRegex(pattern: string): SafeRegex {
  const problem = checkRegexPattern(pattern);
  if (problem) throw new Error(`unsafe regular expression: ${problem}`);
  return new LinearRegex(parseRegex(pattern));
}
