// The edit bodies: what the server, grant and form accept, and the field each refusal names.
import { describe, expect, test } from "vitest";
import { updateGrantBodySchema } from "@/lib/schemas/grant";
import { updateServerBodySchema } from "@/lib/schemas/server";

const firstPath = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => result.error?.issues[0]?.path.join("/");

describe("updateServerBodySchema", () => {
  test.each([
    ["a rename", { name: "MLflow prod" }],
    ["a new URL", { url: "https://mcp.example.com/mcp" }],
    ["a command and args", { command: "uvx", args: ["mlflow-mcp"] }],
    ["a secret set and one removed", { secrets: { Authorization: "Bearer x", "X-Old": null } }],
  ])("accepts %s", (_label, body) => {
    expect(updateServerBodySchema.safeParse(body).success).toBe(true);
  });

  test.each([
    ["an ftp URL", { url: "ftp://example.com" }, "url"],
    ["credentials in the URL", { url: "https://u:p@example.com/mcp" }, "url"],
    ["an empty name", { name: "  " }, "name"],
    ["a secret with a line break", { secrets: { Authorization: "a\r\nHost: evil" } }, "secrets/Authorization"],
    ["a change of transport", { transport: "stdio" }, ""],
    ["nothing at all", {}, ""],
  ])("refuses %s, naming the field", (_label, body, path) => {
    const result = updateServerBodySchema.safeParse(body);
    expect(result.success).toBe(false);
    expect(firstPath(result)).toBe(path);
  });
});

describe("updateGrantBodySchema", () => {
  test.each([
    ["a rename", { name: "Claude – Alice" }],
    ["another policy", { policyId: "pol_1" }],
    ["a future expiry", { expiresAt: "2999-01-01T00:00:00Z" }],
    ["no expiry", { expiresAt: null }],
  ])("accepts %s", (_label, body) => {
    expect(updateGrantBodySchema.safeParse(body).success).toBe(true);
  });

  test.each([
    ["a past expiry", { expiresAt: "2001-01-01T00:00:00Z" }, "expiresAt"],
    ["an expiry that is not a time", { expiresAt: "tomorrow" }, "expiresAt"],
    ["an empty name", { name: "" }, "name"],
    ["an empty policy", { policyId: " " }, "policyId"],
    ["a new server", { serverId: "srv_2" }, ""],
    ["nothing at all", {}, ""],
  ])("refuses %s, naming the field", (_label, body, path) => {
    const result = updateGrantBodySchema.safeParse(body);
    expect(result.success).toBe(false);
    expect(firstPath(result)).toBe(path);
  });
});
