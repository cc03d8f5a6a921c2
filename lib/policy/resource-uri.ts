/**
 * Resource URIs as the policy compares them. A URI's scheme and host are case-insensitive, so
 * both are lowercased before matching ("MLFLOW://Experiments" is "mlflow://experiments" to a
 * rule that names "mlflow://experiments"); the path is left exactly as sent.
 */
const SCHEME_AND_AUTHORITY = /^([^:/?#]+):(\/\/([^/?#]*))?/;

export function normalizeUri(uri: string): string {
  const match = SCHEME_AND_AUTHORITY.exec(uri);
  if (!match) return uri;
  const scheme = match[1]!.toLowerCase();
  if (match[3] === undefined) return scheme + uri.slice(match[1]!.length);
  const authority = match[3];
  const at = authority.lastIndexOf("@");
  const host = at < 0 ? authority.toLowerCase() : authority.slice(0, at + 1) + authority.slice(at + 1).toLowerCase();
  return `${scheme}://${host}${uri.slice(match[0].length)}`;
}

/**
 * Why a pattern cannot be trusted to decide `uri`, or null. A dot segment ("/../") or an
 * encoded dot, slash or backslash can make a URI that a pattern such as "file:///public/*"
 * matches reach a file outside it once the upstream resolves it, so only an exact key decides
 * such a URI; otherwise it is denied.
 */
export function ambiguousUriProblem(uri: string): string | null {
  if (/%(2e|2f|5c)/i.test(uri)) return "it holds an encoded dot, slash or backslash (%2E, %2F, %5C)";
  if (uri.includes("\\")) return "it holds a backslash";
  if (/(^|[/:])\.\.?([/?#]|$)/.test(uri)) return 'it holds a "." or ".." path segment';
  return null;
}
