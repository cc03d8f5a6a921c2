// The Servers pages' actions: admins manage servers and secrets; editors and viewers cannot;
// another organization's server is "not found" and is left untouched.
import { describe, expect, test, vi } from "vitest";
import {
  approveToolChangeAction,
  deleteServerAction,
  keepToolBlockedAction,
  registerServerAction,
  syncServerAction,
  updateSecretsAction,
} from "@/app/(dashboard)/[org]/servers/actions";
import { db } from "@/lib/db";
import { usePrivateStandins } from "../helpers/private-standins";
import { makeAccount } from "../helpers/factories";
vi.mock("@/lib/auth/session", () => import("./servers-fake-session"));

import { memberWithRole, signedInAs } from "./servers-helpers";

const standins = usePrivateStandins("mlflow");

async function orgWithServer(label: string) {
  const account = await makeAccount(label);
  await signedInAs(account.userId);
  const result = await registerServerAction(account.org.slug, { name: "MLflow", transport: "http", url: standins.mlflow.url, headers: { Authorization: "Bearer s3cret" } });
  if (!result.ok) throw new Error(result.error.message);
  return { ...account, serverId: result.data.id };
}

describe("server actions", () => {
  test("an owner registers (40 tools), syncs, sets a secret and deletes", async () => {
    const a = await orgWithServer("sa-owner");
    expect(await db.tool.count({ where: { serverId: a.serverId } })).toBe(40);
    expect(await syncServerAction(a.org.slug, { serverId: a.serverId })).toMatchObject({ ok: true, data: { ok: true, added: 0 } });
    expect(await updateSecretsAction(a.org.slug, { serverId: a.serverId, secrets: { "X-Team": "t" } })).toEqual({ ok: true, data: { secretNames: ["Authorization", "X-Team"] } });
    expect(await deleteServerAction(a.org.slug, { serverId: a.serverId })).toEqual({ ok: true, data: { deleted: true } });
    expect(await db.mcpServer.count({ where: { id: a.serverId } })).toBe(0);
  });

  test("bad input comes back at its field", async () => {
    const a = await makeAccount("sa-bad");
    await signedInAs(a.userId);
    expect(await registerServerAction(a.org.slug, { name: "X", transport: "http", url: "ftp://x" })).toMatchObject({ ok: false, error: { fields: { url: expect.any(String) } } });
    expect(await registerServerAction(a.org.slug, { name: "", transport: "http", url: standins.mlflow.url })).toMatchObject({ ok: false, error: { fields: { name: expect.any(String) } } });
  });

  test.each(["viewer", "editor"] as const)("a %s cannot register, sync, change secrets, review or delete", async (role) => {
    const a = await orgWithServer(`sa-${role}`);
    await signedInAs(await memberWithRole(a.org.id, role));
    const ref = { serverId: a.serverId };
    const refused = { ok: false, error: { code: "forbidden" } };
    expect(await registerServerAction(a.org.slug, { name: "Other", transport: "http", url: standins.mlflow.url })).toMatchObject(refused);
    expect(await syncServerAction(a.org.slug, ref)).toMatchObject(refused);
    expect(await updateSecretsAction(a.org.slug, { ...ref, secrets: { Authorization: "Bearer mine" } })).toMatchObject(refused);
    expect(await approveToolChangeAction(a.org.slug, { ...ref, tool: "get_run" })).toMatchObject(refused);
    expect(await keepToolBlockedAction(a.org.slug, { ...ref, tool: "get_run" })).toMatchObject(refused);
    expect(await deleteServerAction(a.org.slug, ref)).toMatchObject(refused);
    expect(await db.mcpServer.count({ where: { orgId: a.org.id } })).toBe(1);
  });

  test("org B's server with org A's session is not found on every action", async () => {
    const b = await orgWithServer("sa-b");
    const a = await makeAccount("sa-a");
    await signedInAs(a.userId);
    const before = await db.mcpServer.findUniqueOrThrow({ where: { id: b.serverId } });
    for (const slug of [a.org.slug, b.org.slug]) {
      const ref = { serverId: b.serverId };
      const missing = { ok: false, error: { code: "not_found" } };
      expect(await syncServerAction(slug, ref)).toMatchObject(missing);
      expect(await updateSecretsAction(slug, { ...ref, secrets: { Authorization: "Bearer hijack" } })).toMatchObject(missing);
      expect(await approveToolChangeAction(slug, { ...ref, tool: "get_run" })).toMatchObject(missing);
      expect(await keepToolBlockedAction(slug, { ...ref, tool: "get_run" })).toMatchObject(missing);
      expect(await deleteServerAction(slug, ref)).toMatchObject(missing);
    }
    const after = await db.mcpServer.findUniqueOrThrow({ where: { id: b.serverId } });
    expect(after.secretsCiphertext).toBe(before.secretsCiphertext);
    expect(after.version).toBe(before.version);
  });
});
