// PolicyLayer documents and bare documents over REST; "what can this agent call"
// (GET /api/v1/grants/{id}/tools) and the inventory (GET /api/v1/inventory): decisions per tool,
// live counter use from the counters table, the grant's last decisions; another org's ids are 404.
import { describe, expect, test } from "vitest";
import { POST as createPolicy } from "@/app/api/v1/policies/route";
import { GET as getPolicy, PUT as putPolicy } from "@/app/api/v1/policies/[id]/route";
import { GET as grantTools } from "@/app/api/v1/grants/[id]/tools/route";
import { GET as inventory } from "@/app/api/v1/inventory/route";
import { hashToken } from "@/lib/crypto";
import { db } from "@/lib/db";
import { chargesFor, compileLimit } from "@/lib/policy/limits";
import type { GrantAccess, Inventory } from "@/lib/schemas/agent-access";
import { apiRequest, makeTenant, params } from "./api-helpers";

const seed = {
  version: "1",
  default: "deny",
  tools: { set_experiment_tag: { limits: [{ counter: "set_experiment_tag_rate", window: "minute", max: 30, scope: "grant" }] } },
};

const policyLayer = {
  version: "1",
  default: "allow",
  hide: ["delete_experiment"],
  tools: {
    set_experiment_tag: { rate_limit: { max: 30, window: "minute" } },
    create_run: { require: "approval" },
    rename_experiment: { action: "deny", on_deny: "Names are fixed." },
  },
};

async function makeTool(orgId: string, serverId: string, name: string, risk: "low" | "medium" | "high" = "medium") {
  await db.tool.create({ data: { orgId, serverId, name, class: "write", risk, fingerprint: `fp-${name}`, description: `${name} does a thing` } });
}

async function makeGrant(orgId: string, serverId: string, policyId: string, name = "Agent") {
  return db.grant.create({ data: { orgId, serverId, policyId, name, tokenHash: hashToken(`t-${Math.random()}`), tokenPrefix: "wdn_g_x" } });
}

async function tenantWithTools(label: string) {
  const t = await makeTenant(label);
  for (const name of ["set_experiment_tag", "create_run", "rename_experiment", "delete_experiment", "get_experiment"]) {
    await makeTool(t.org.id, t.server.id, name, name.startsWith("delete") ? "high" : "medium");
  }
  return t;
}

describe("policies REST: bare and PolicyLayer documents", () => {
  test("PUT a bare seed file saves it as the next version", async () => {
    const t = await makeTenant("bare-put");
    const put = await putPolicy(apiRequest("PUT", `/api/v1/policies/${t.policy.id}`, t.keys.editor, seed), params({ id: t.policy.id }));
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ id: t.policy.id, version: 2 });
    const current = await (await getPolicy(apiRequest("GET", "/", t.keys.viewer), params({ id: t.policy.id }))).json();
    expect(current.document).toEqual(seed);
  });

  test("PUT a PolicyLayer document stores its Warden form and lists what changed", async () => {
    const t = await makeTenant("pl-put");
    const put = await putPolicy(apiRequest("PUT", "/", t.keys.editor, policyLayer), params({ id: t.policy.id }));
    expect(put.status).toBe(200);
    const body = await put.json();
    expect(body.imported.map((c: { pointer: string }) => c.pointer)).toEqual(
      expect.arrayContaining(["/tools/set_experiment_tag/rate_limit", "/tools/create_run/require", "/tools/rename_experiment/on_deny", "/tools/delete_experiment"]),
    );
    const current = await (await getPolicy(apiRequest("GET", "/", t.keys.viewer), params({ id: t.policy.id }))).json();
    expect(current.document.tools).toEqual({
      set_experiment_tag: { limits: [{ counter: "set_experiment_tag_rate_calls", window: "minute", max: 30 }] },
      create_run: { action: "require_approval" },
      rename_experiment: { action: "deny", reason: "Names are fixed." },
      delete_experiment: { action: "hide" },
    });
  });

  test("what cannot be converted is 422 naming the field and the Warden equivalent; nothing is stored", async () => {
    const t = await makeTenant("pl-422");
    const put = await putPolicy(apiRequest("PUT", "/", t.keys.editor, { ...seed, tools: { x: { spend_limit: "$5/day" } } }), params({ id: t.policy.id }));
    expect(put.status).toBe(422);
    const { error } = await put.json();
    expect(error.pointer).toBe("/document/tools/x/spend_limit");
    expect(error.message).toMatch(/Warden's are action, reason, limits/);
    expect(await db.policyVersion.count({ where: { policyId: t.policy.id } })).toBe(1);
  });

  test("the wrapped form still works, and a body with neither is 422 /document", async () => {
    const t = await makeTenant("pl-wrapped");
    const put = await putPolicy(apiRequest("PUT", "/", t.keys.editor, { document: seed, note: "n" }), params({ id: t.policy.id }));
    expect(await put.json()).toEqual({ id: t.policy.id, version: 2 });
    const none = await putPolicy(apiRequest("PUT", "/", t.keys.editor, { note: "n" }), params({ id: t.policy.id }));
    expect(none.status).toBe(422);
    expect((await none.json()).error.pointer).toBe("/document");
  });

  test("POST a bare document with ?serverId and ?name", async () => {
    const t = await makeTenant("bare-post");
    const url = `/api/v1/policies?serverId=${t.server.id}&name=Imported`;
    const created = await createPolicy(apiRequest("POST", url, t.keys.editor, policyLayer), params());
    expect(created.status).toBe(201);
    const body = await created.json();
    expect(body).toMatchObject({ name: "Imported", serverId: t.server.id, version: 1, document: { tools: { delete_experiment: { action: "hide" } } } });
    expect(body.imported.length).toBeGreaterThan(0);
  });

  test("another organization's policy is 404, bare or wrapped", async () => {
    const a = await makeTenant("pl-a");
    const b = await makeTenant("pl-b");
    const put = await putPolicy(apiRequest("PUT", "/", b.keys.editor, seed), params({ id: a.policy.id }));
    expect(put.status).toBe(404);
    const post = await createPolicy(apiRequest("POST", `/api/v1/policies?serverId=${a.server.id}&name=X`, b.keys.editor, seed), params());
    expect(post.status).toBe(404);
  });
});

describe("what a grant can call", () => {
  test("each tool's decision, the counters' live use and the last decisions", async () => {
    const t = await tenantWithTools("access-view");
    await putPolicy(apiRequest("PUT", "/", t.keys.editor, policyLayer), params({ id: t.policy.id }));
    const grant = await makeGrant(t.org.id, t.server.id, t.policy.id);
    // 12 calls already counted in this minute's window, under the key the gateway builds.
    const limit = compileLimit({ counter: "set_experiment_tag_rate_calls", window: "minute", max: 30 }, "/tools/set_experiment_tag/limits/0");
    const [charge] = chargesFor([limit], { orgId: t.org.id, serverId: t.server.id, grantId: grant.id, now: Date.now() }, Date.now());
    await db.counter.create({ data: { key: charge!.counterKey, windowStart: new Date(charge!.windowStart), count: 12, expiresAt: new Date(Date.now() + 120_000) } });
    await db.auditEvent.create({
      data: { orgId: t.org.id, seq: 1000n, serverId: t.server.id, grantId: grant.id, method: "tools/call", tool: "rename_experiment", decision: "deny", reason: "Names are fixed.", prevHash: "x", hash: "h" },
    });

    const response = await grantTools(apiRequest("GET", "/", t.keys.viewer), params({ id: grant.id }));
    expect(response.status).toBe(200);
    const view = (await response.json()) as GrantAccess;
    expect(view.grant).toMatchObject({ id: grant.id, status: "active", policyVersion: 2 });
    const byName = Object.fromEntries(view.tools.map((tool) => [tool.name, tool]));
    expect(Object.fromEntries(view.tools.map((tool) => [tool.name, tool.access]))).toEqual({
      create_run: "approval", delete_experiment: "hidden", get_experiment: "allowed", rename_experiment: "denied", set_experiment_tag: "limited",
    });
    expect(byName.rename_experiment!.why).toBe("Names are fixed.");
    expect(byName.set_experiment_tag!.counters).toEqual([
      { counter: "set_experiment_tag_rate_calls", scope: "grant", used: 12, max: 30, windowSeconds: 60, resetAt: charge!.resetAt, ruleId: "/tools/set_experiment_tag/limits/0" },
    ]);
    expect(view.recentDecisions).toMatchObject([{ tool: "rename_experiment", decision: "deny", reason: "Names are fixed." }]);
  });

  test("another organization's grant is 404", async () => {
    const a = await tenantWithTools("access-a");
    const b = await makeTenant("access-b");
    const grant = await makeGrant(a.org.id, a.server.id, a.policy.id);
    const response = await grantTools(apiRequest("GET", "/", b.keys.viewer), params({ id: grant.id }));
    expect(response.status).toBe(404);
    expect(JSON.stringify(await response.json())).not.toContain("set_experiment_tag");
  });
});

describe("the inventory", () => {
  test("every tool with its risk and the active grants that can call it", async () => {
    const t = await tenantWithTools("inventory");
    await putPolicy(apiRequest("PUT", "/", t.keys.editor, policyLayer), params({ id: t.policy.id }));
    const grant = await makeGrant(t.org.id, t.server.id, t.policy.id, "Claude");
    const revoked = await makeGrant(t.org.id, t.server.id, t.policy.id, "Old");
    await db.grant.update({ where: { id: revoked.id }, data: { revokedAt: new Date() } });

    const body = (await (await inventory(apiRequest("GET", "/", t.keys.viewer), params())).json()) as Inventory;
    const byName = Object.fromEntries(body.data.map((tool) => [tool.name, tool]));
    expect(body.data).toHaveLength(5);
    expect(byName.delete_experiment).toMatchObject({ risk: "high", serverId: t.server.id, grants: [] });
    expect(byName.rename_experiment!.grants).toEqual([]);
    expect(byName.set_experiment_tag!.grants).toEqual([{ id: grant.id, name: "Claude", access: "limited" }]);
    expect(byName.create_run!.grants).toEqual([{ id: grant.id, name: "Claude", access: "approval" }]);
  });

  test("lists only the caller's organization", async () => {
    const a = await tenantWithTools("inv-a");
    await makeGrant(a.org.id, a.server.id, a.policy.id);
    const b = await makeTenant("inv-b");
    const body = (await (await inventory(apiRequest("GET", "/", b.keys.viewer), params())).json()) as Inventory;
    expect(body.data).toEqual([]);
  });
});
