// The policy builder's server actions: editors save, viewers cannot, and another organization's
// policy is "not found" whichever slug is used; a refused save changes nothing.
import { describe, expect, test, vi } from "vitest";
import { createPolicyAction, replayPolicyAction, restorePolicyVersionAction, savePolicyAction } from "@/app/(dashboard)/[org]/policies/actions";
import { createPolicy } from "@/lib/data/policies";
import { db } from "@/lib/db";
import { makeAccount } from "../helpers/factories";
vi.mock("@/lib/auth/session", () => import("./servers-fake-session"));

import { memberWithRole, session, signedInAs } from "./servers-helpers";

const seed = { version: "1", default: "deny", tools: { set_experiment_tag: { limits: [{ counter: "set_experiment_tag_rate", window: "minute", max: 30, scope: "grant" }] } } };

async function orgWithPolicy(label: string) {
  const account = await makeAccount(label);
  const server = await db.mcpServer.create({ data: { orgId: account.org.id, name: "MLflow", transport: "http", url: "http://mlflow.test/mcp" } });
  const policy = await createPolicy(account.org.id, { serverId: server.id, name: "P", document: seed }, account.userId);
  return { ...account, server, policy };
}

const versions = (policyId: string) => db.policyVersion.count({ where: { policyId } });

describe("policy actions", () => {
  test("an editor creates, saves and restores; the author is recorded", async () => {
    const a = await orgWithPolicy("act-editor");
    const editor = await memberWithRole(a.org.id, "editor");
    await signedInAs(editor);
    const created = await createPolicyAction(a.org.slug, { serverId: a.server.id, name: "Second", document: seed });
    expect(created).toMatchObject({ ok: true, data: { version: 1 } });
    const saved = await savePolicyAction(a.org.slug, { policyId: a.policy.id, document: { ...seed, default: "allow" }, baseVersion: 1, note: "open up" });
    expect(saved).toEqual({ ok: true, data: { id: a.policy.id, version: 2 } });
    const restored = await restorePolicyVersionAction(a.org.slug, { policyId: a.policy.id, version: 1 });
    expect(restored).toEqual({ ok: true, data: { id: a.policy.id, version: 3 } });
    const latest = await db.policyVersion.findFirstOrThrow({ where: { policyId: a.policy.id, version: 3 } });
    expect(latest).toMatchObject({ authorId: editor, note: "Restored version 1", document: seed });
  });

  test("an invalid document is refused at its pointer and the saved version is unchanged", async () => {
    const a = await orgWithPolicy("act-invalid");
    await signedInAs(a.userId);
    const result = await savePolicyAction(a.org.slug, { policyId: a.policy.id, document: { ...seed, default: "maybe" } });
    expect(result).toMatchObject({ ok: false, error: { code: "unprocessable", pointer: "/document/default" } });
    expect(await versions(a.policy.id)).toBe(1);
  });

  test("a viewer's edit is refused and nothing changes", async () => {
    const a = await orgWithPolicy("act-viewer");
    await signedInAs(await memberWithRole(a.org.id, "viewer"));
    expect(await savePolicyAction(a.org.slug, { policyId: a.policy.id, document: seed })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await restorePolicyVersionAction(a.org.slug, { policyId: a.policy.id, version: 1 })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await createPolicyAction(a.org.slug, { serverId: a.server.id, name: "V", document: seed })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await versions(a.policy.id)).toBe(1);
    // Replay only reads: a viewer may ask what a draft would have decided.
    expect(await replayPolicyAction(a.org.slug, { serverId: a.server.id, document: seed, limit: 10 })).toMatchObject({ ok: true, data: { replayed: 0 } });
  });

  test("org B's ids with org A's session are not found, under either slug", async () => {
    const a = await orgWithPolicy("act-a");
    const b = await orgWithPolicy("act-b");
    await signedInAs(a.userId);
    for (const slug of [a.org.slug, b.org.slug]) {
      expect(await savePolicyAction(slug, { policyId: b.policy.id, document: seed })).toMatchObject({ ok: false, error: { code: "not_found" } });
      expect(await restorePolicyVersionAction(slug, { policyId: b.policy.id, version: 1 })).toMatchObject({ ok: false, error: { code: "not_found" } });
      expect(await createPolicyAction(slug, { serverId: b.server.id, name: "Sneaky", document: seed })).toMatchObject({ ok: false, error: { code: "not_found" } });
      expect(await replayPolicyAction(slug, { serverId: b.server.id, document: seed, limit: 10 })).toMatchObject({ ok: false, error: { code: "not_found" } });
    }
    expect(await versions(b.policy.id)).toBe(1);
    expect(await db.policy.count({ where: { orgId: b.org.id } })).toBe(1);
    session.user = null;
    expect(await savePolicyAction(a.org.slug, { policyId: a.policy.id, document: seed })).toMatchObject({ ok: false, error: { code: "unauthorized" } });
  });
});
