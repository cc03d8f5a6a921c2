/** Turns zod's issues about a policy document into errors a person can act on, by JSON Pointer. */
import type { z } from "zod";
import { closestName } from "./closest-name";
import { toPointer } from "./json-pointer";

export interface PolicyError {
  /** JSON Pointer of the offending value, e.g. "/tools/set_experiment_tag/limits/0/max". */
  pointer: string;
  message: string;
}

const DOCUMENT_KEYS = ["version", "default", "tools", "all_tools", "resources", "prompts"];
const ENTRY_KEYS = ["action", "reason", "limits", "when", "deny_if", "approval"];
const LIMIT_KEYS = ["counter", "window", "max", "scope"];
const CONDITION_KEYS = ["arg", "op", "value"];
const ACCESS_ENTRY_KEYS = ["action", "reason", "limits"];
const SECTION_KEYS: Record<string, string[]> = { resources: ["default", "uris"], prompts: ["default", "names"] };

/** The keys an object at `path` may hold, read from the document's shape. */
function knownKeysAt(path: readonly PropertyKey[]): string[] {
  const [first, , third] = path;
  if (path.length === 0) return DOCUMENT_KEYS;
  if (first === "all_tools") return path.length === 1 ? ["limits"] : LIMIT_KEYS;
  if (typeof first === "string" && Object.hasOwn(SECTION_KEYS, first)) {
    return path.length === 1 ? SECTION_KEYS[first]! : path.length === 3 ? ACCESS_ENTRY_KEYS : LIMIT_KEYS;
  }
  if (path.length === 2) return ENTRY_KEYS;
  if (third === "limits") return LIMIT_KEYS;
  if (third === "approval") return ["timeout"];
  return CONDITION_KEYS;
}

function unknownKeyErrors(issue: z.core.$ZodIssueUnrecognizedKeys): PolicyError[] {
  const known = knownKeysAt(issue.path);
  return issue.keys.map((key) => {
    const suggestion = closestName(key, known);
    const hint = suggestion ? `did you mean "${suggestion}"? ` : "";
    return {
      pointer: toPointer([...issue.path, key]),
      message: `is not a known key: ${hint}expected ${known.map((k) => `"${k}"`).join(", ")}`,
    };
  });
}

export function formatPolicyIssues(issues: readonly z.core.$ZodIssue[]): PolicyError[] {
  const errors: PolicyError[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") errors.push(...unknownKeyErrors(issue));
    else if (issue.code === "invalid_key") {
      errors.push({ pointer: toPointer(issue.path), message: issue.issues[0]?.message ?? issue.message });
    } else errors.push({ pointer: toPointer(issue.path), message: issue.message });
  }
  const seen = new Set<string>();
  return errors.filter((e) => !seen.has(e.pointer + "\n" + e.message) && seen.add(e.pointer + "\n" + e.message));
}
