// `next` after sign-in or sign-up: same-site paths pass, anything a browser could take elsewhere does not.
import { expect, test } from "vitest";
import { onwardNextPath, safeNextPath } from "@/lib/auth/next-path";

test.each([
  ["/catalog/mlflow-mcp/set_experiment_tag/limit", "/catalog/mlflow-mcp/set_experiment_tag/limit"],
  ["/acme/policies/new?server=srv_1&tool=x#top", "/acme/policies/new?server=srv_1&tool=x#top"],
  ["/a/../b", "/b"],
])("accepts the same-site path %s", (input, expected) => expect(safeNextPath(input)).toBe(expected));

test.each([
  ["protocol-relative", "//evil.example/x"],
  ["backslash read as a slash", "/\\evil.example"],
  ["absolute URL", "https://evil.example/"],
  ["javascript URL", "javascript:alert(1)"],
  ["relative path", "catalog"],
  ["tab inside the authority", "/\t/evil.example"],
  ["newline", "/ok\n"],
  ["empty", ""],
  ["too long", `/${"a".repeat(2000)}`],
  ["not a string", ["/x"]],
  ["missing", undefined],
])("refuses %s", (_name, input) => expect(safeNextPath(input)).toBeNull());

// A signed-in person on the sign-in or sign-up page goes on to `next`, unless it would bring them
// straight back (the front door, those pages) or leave the site: then null, their dashboard.
test.each([
  ["a page of the app", ["/acme/settings"], "/acme/settings"],
  ["the first safe candidate", ["https://evil.example/", "/catalog?x=1"], "/catalog?x=1"],
  ["after a sign-in page", ["/sign-in?next=/acme", "/acme/audit"], "/acme/audit"],
  ["the catalog's limit page", ["/catalog/mlflow-mcp/delete_run/limit"], "/catalog/mlflow-mcp/delete_run/limit"],
])("a signed-in person goes on to %s", (_name, candidates, expected) => expect(onwardNextPath(candidates)).toBe(expected));

test.each([
  ["nothing given", [undefined, undefined]],
  ["another site", ["//evil.example/acme"]],
  ["the front door", ["/"]],
  ["the sign-in page", ["/sign-in?next=%2Fsign-in"]],
  ["the sign-up page with a trailing slash", ["/sign-up/"]],
  ["the sign-in page reached through dot segments", ["/x/../sign-in"]],
])("a signed-in person goes to their dashboard for %s", (_name, candidates) => expect(onwardNextPath(candidates)).toBeNull());
