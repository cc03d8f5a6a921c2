// The tenancy gate on route handlers: API keys act for their own organization only, with their role.
import { describe, expect, test } from "vitest";
import { GET, PATCH } from "@/app/api/v1/organization/route";
import { db } from "@/lib/db";
import { revokeApiKey } from "@/lib/data/api-keys";
import { makeAccount, makeApiKey } from "../helpers/factories";

const noParams = { params: Promise.resolve({}) };

function request(method: string, token: string | null, body?: unknown) {
  return new Request("http://localhost/api/v1/organization", {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe("organization API", () => {
  test("an admin key renames its own organization", async () => {
    const { org } = await makeAccount("rename");
    const key = await makeApiKey(org.id, "admin");
    const response = await PATCH(request("PATCH", key.token, { name: "Renamed Ltd" }), noParams);
    expect(response.status).toBe(200);
    expect((await db.organization.findUniqueOrThrow({ where: { id: org.id } })).name).toBe("Renamed Ltd");
  });

  test("a viewer key cannot perform an admin action, and nothing changes", async () => {
    const { org } = await makeAccount("viewer");
    const key = await makeApiKey(org.id, "viewer");
    const response = await PATCH(request("PATCH", key.token, { name: "Hijacked" }), noParams);
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe("forbidden");
    expect((await db.organization.findUniqueOrThrow({ where: { id: org.id } })).name).toBe(org.name);
    expect((await GET(request("GET", key.token), noParams)).status).toBe(200);
  });

  test("each key sees only its own organization", async () => {
    const a = await makeAccount("tenant-a");
    const b = await makeAccount("tenant-b");
    const keyA = await makeApiKey(a.org.id);
    const body = await (await GET(request("GET", keyA.token), noParams)).json();
    expect(body.id).toBe(a.org.id);
    expect(body.id).not.toBe(b.org.id);
  });

  test("bad input names the field; no key, unknown or revoked key is 401", async () => {
    const { org } = await makeAccount("badinput");
    const key = await makeApiKey(org.id);
    const invalid = await PATCH(request("PATCH", key.token, { name: "x" }), noParams);
    expect(invalid.status).toBe(422);
    expect((await invalid.json()).error).toMatchObject({ code: "unprocessable", pointer: "/name" });
    expect((await GET(request("GET", null), noParams)).status).toBe(401);
    expect((await GET(request("GET", "wdn_k_unknown"), noParams)).status).toBe(401);
    await revokeApiKey(org.id, key.id);
    expect((await GET(request("GET", key.token), noParams)).status).toBe(401);
  });
});
