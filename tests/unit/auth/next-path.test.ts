// `next` after sign-in or sign-up: same-site paths pass, anything a browser could take elsewhere does not.
import { expect, test } from "vitest";
import { safeNextPath } from "@/lib/auth/next-path";

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
