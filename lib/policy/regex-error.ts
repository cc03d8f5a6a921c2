/** A pattern the linear engine refuses; the message completes "the pattern …". */
export class RegexSyntaxError extends Error {}
