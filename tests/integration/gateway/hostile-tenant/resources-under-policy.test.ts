// Everything an agent can ask is under policy and audited: organization A's agent tries every
// resource, template, prompt and completion its server has. A default-deny policy leaks none of
// them (lists are empty, reads answer "not found", the upstream is never asked) and records one
// audit row per decision; an allowing section lets exactly the matched ones through. Organization
// B keeps calling through the same gateway throughout and is served and audited as usual.
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { db } from "@/lib/db";
import { makeSetup, removeTestData, SEED_POLICY } from "../fixtures";
import { awayFromMinuteEnd, connectAgent, startStandin, startTestGateway } from "../harness";
import { startBystander, type Bystander } from "./bystander";
import { startResourceServer, TEMPLATES } from "./resource-server";

let upstream: Awaited<ReturnType<typeof startResourceServer>>;
let standin: Awaited<ReturnType<typeof startStandin>>;
let gateway: Awaited<ReturnType<typeof startTestGateway>>;
let bystander: Bystander;

beforeAll(async () => {
  upstream = await startResourceServer();
  standin = await startStandin();
  gateway = await startTestGateway();
  bystander = await startBystander(gateway.url, standin.url);
  bystander.start();
});
afterAll(async () => {
  await bystander?.client.close();
  await gateway?.close();
  await standin?.close();
  await upstream?.close();
  await removeTestData();
});

async function agentFor(document: unknown, url = upstream.url) {
  const setup = await makeSetup({ transport: "http", url }, document);
  return { ...setup, client: await connectAgent(gateway.url, setup.server.id, setup.token) };
}

/** A's audit rows for the policed methods, oldest first, once `count` of them are stored. */
async function auditRows(orgId: string, count: number) {
  const where = { orgId, kind: "gateway", method: { notIn: ["tools/call"] } };
  await vi.waitFor(async () => expect(await db.auditEvent.count({ where })).toBeGreaterThanOrEqual(count), { timeout: 5_000 });
  const rows = await db.auditEvent.findMany({ where, orderBy: { id: "asc" } });
  return rows.map((r) => ({ method: r.method, tool: r.tool, decision: r.decision, ruleId: r.ruleId, policyVersion: r.policyVersion, detail: r.detail }));
}

const seenFrom = (mark: number) => upstream.seen.slice(mark);
const complete = (client: Client, ref: { type: "ref/prompt"; name: string } | { type: "ref/resource"; uri: string }) =>
  client.complete({ ref, argument: { name: "id", value: "1" } });

describe("a default-deny policy", () => {
  test("lists no resources, templates or prompts, reads and completes nothing, and audits each decision", async () => {
    const a = await agentFor(SEED_POLICY);
    const mark = upstream.seen.length;
    expect((await a.client.listResources()).resources).toEqual([]);
    expect((await a.client.listResourceTemplates()).resourceTemplates).toEqual([]);
    expect((await a.client.listPrompts()).prompts).toEqual([]);
    await expect(a.client.readResource({ uri: "secret://keys/root" })).rejects.toMatchObject({ code: -32002, message: expect.stringMatching(/Resource not found/) });
    await expect(a.client.getPrompt({ name: "leak_secrets" })).rejects.toMatchObject({ code: -32602, message: expect.stringMatching(/Prompt leak_secrets not found/) });
    await expect(complete(a.client, { type: "ref/prompt", name: "greet" })).rejects.toMatchObject({ code: -32602, message: expect.stringMatching(/Prompt greet not found/) });
    await expect(complete(a.client, { type: "ref/resource", uri: "secret://keys/{name}" })).rejects.toMatchObject({ code: -32602, message: expect.stringMatching(/Resource template secret:\/\/keys\/\{name\} not found/) });
    await expect(a.client.subscribeResource({ uri: "secret://keys/root" })).rejects.toMatchObject({ code: -32002 });
    expect(seenFrom(mark)).toEqual([]);

    const rows = await auditRows(a.orgId, 8);
    const hidden = { decision: "hide", ruleId: "/default", policyVersion: 1 };
    expect(rows).toEqual([
      { method: "resources/list", tool: null, decision: "allow", ruleId: null, policyVersion: 1, detail: { listed: 0, withheld: 4 } },
      { method: "resources/templates/list", tool: null, decision: "allow", ruleId: null, policyVersion: 1, detail: { listed: 0, withheld: 2 } },
      { method: "prompts/list", tool: null, decision: "allow", ruleId: null, policyVersion: 1, detail: { listed: 0, withheld: 2 } },
      { method: "resources/read", tool: "secret://keys/root", ...hidden, detail: expect.objectContaining({ kind: "resource" }) },
      { method: "prompts/get", tool: "leak_secrets", ...hidden, detail: expect.objectContaining({ kind: "prompt" }) },
      { method: "completion/complete", tool: "greet", ...hidden, detail: expect.objectContaining({ kind: "prompt" }) },
      { method: "completion/complete", tool: "secret://keys/{name}", ...hidden, detail: expect.objectContaining({ kind: "resource" }) },
      { method: "resources/subscribe", tool: "secret://keys/root", ...hidden, detail: expect.objectContaining({ kind: "resource" }) },
    ]);
    await a.client.close();
  });

  test("hides the MLflow stand-in's prompts too, until a section names them", async () => {
    const denied = await agentFor(SEED_POLICY, standin.url);
    expect((await denied.client.listPrompts()).prompts).toEqual([]);
    await expect(denied.client.getPrompt({ name: "audit_mlflow_setup" })).rejects.toMatchObject({ code: -32602 });
    const allowed = await agentFor({ ...SEED_POLICY, prompts: { names: { "find_*": {}, "*_setup": {} } } }, standin.url);
    expect((await allowed.client.listPrompts()).prompts.map((p) => p.name)).toEqual(["find_best_run", "audit_mlflow_setup"]);
    const prompt = await allowed.client.getPrompt({ name: "audit_mlflow_setup" });
    expect(prompt.messages[0]?.content).toMatchObject({ type: "text", text: expect.stringMatching(/^Audit this MLflow installation/) });
    await expect(allowed.client.getPrompt({ name: "promote_best_model", arguments: { experiment_id: "1", metric: "auc", model_name: "m" } })).rejects.toMatchObject({ code: -32602 });
    await denied.client.close();
    await allowed.client.close();
  });
});

describe("an allowing section", () => {
  const POLICY = {
    ...SEED_POLICY,
    resources: {
      uris: {
        "mlflow://experiments/*": {},
        "mlflow://experiments/2": { action: "deny", reason: "Experiment 2 is under embargo." },
      },
    },
    prompts: { names: { greet: { limits: [{ counter: "greetings", window: "minute", max: 2 }] } } },
  };

  test("lets exactly the matched resources, templates, prompts and completions through", async () => {
    const a = await agentFor(POLICY);
    const mark = upstream.seen.length;
    expect((await a.client.listResources()).resources.map((r) => r.uri)).toEqual(["mlflow://experiments/1", "mlflow://experiments/2"]);
    expect((await a.client.listResourceTemplates()).resourceTemplates).toEqual([TEMPLATES[0]]);
    expect((await a.client.listPrompts()).prompts.map((p) => p.name)).toEqual(["greet"]);
    expect((await a.client.readResource({ uri: "mlflow://experiments/1" })).contents[0]).toMatchObject({ text: "contents of mlflow://experiments/1" });
    await expect(a.client.readResource({ uri: "mlflow://experiments/2" })).rejects.toMatchObject({
      code: -32003,
      message: expect.stringMatching(/decision: deny.*Experiment 2 is under embargo\. Rule: \/resources\/uris\/mlflow:~1~1experiments~12/),
    });
    await expect(a.client.readResource({ uri: "mlflow://models/churn" })).rejects.toMatchObject({ code: -32002 });
    await expect(a.client.readResource({ uri: "mlflow://experiments/1/../../models/churn" })).rejects.toMatchObject({ code: -32003, message: expect.stringMatching(/cannot decide it safely/) });
    expect((await complete(a.client, { type: "ref/resource", uri: "mlflow://experiments/{id}" })).completion.values).toEqual(["1", "10"]);
    expect((await complete(a.client, { type: "ref/prompt", name: "greet" })).completion.values).toEqual(["1", "10"]);
    await expect(complete(a.client, { type: "ref/prompt", name: "leak_secrets" })).rejects.toMatchObject({ code: -32602 });
    await a.client.subscribeResource({ uri: "mlflow://experiments/1" });
    await expect(a.client.subscribeResource({ uri: "mlflow://experiments/2" })).rejects.toMatchObject({ code: -32003 });
    expect(seenFrom(mark)).toEqual([
      "resources/read mlflow://experiments/1",
      "completion/complete mlflow://experiments/{id}",
      "completion/complete greet",
      "resources/subscribe mlflow://experiments/1",
    ]);

    const rows = await auditRows(a.orgId, 12);
    const items = rows.filter((r) => r.tool !== null).map((r) => [r.method, r.tool, r.decision, r.ruleId]);
    expect(items).toEqual([
      ["resources/read", "mlflow://experiments/1", "allow", "/resources/uris/mlflow:~1~1experiments~1*"],
      ["resources/read", "mlflow://experiments/2", "deny", "/resources/uris/mlflow:~1~1experiments~12"],
      ["resources/read", "mlflow://models/churn", "hide", "/default"],
      ["resources/read", "mlflow://experiments/1/../../models/churn", "deny", null],
      ["completion/complete", "mlflow://experiments/{id}", "allow", "/resources/uris/mlflow:~1~1experiments~1*"],
      ["completion/complete", "greet", "allow", "/prompts/names/greet"],
      ["completion/complete", "leak_secrets", "hide", "/default"],
      ["resources/subscribe", "mlflow://experiments/1", "allow", "/resources/uris/mlflow:~1~1experiments~1*"],
      ["resources/subscribe", "mlflow://experiments/2", "deny", "/resources/uris/mlflow:~1~1experiments~12"],
    ]);
    expect(rows.filter((r) => r.tool === null).map((r) => r.detail)).toEqual([{ listed: 2, withheld: 2 }, { listed: 1, withheld: 1 }, { listed: 1, withheld: 1 }]);
    await a.client.close();
  });

  test("a prompt's limit counts prompts/get, and completions do not take from it", async () => {
    await awayFromMinuteEnd();
    const a = await agentFor(POLICY);
    await complete(a.client, { type: "ref/prompt", name: "greet" });
    for (const who of ["Ada", "Grace"]) {
      expect((await a.client.getPrompt({ name: "greet", arguments: { who } })).messages).toHaveLength(1);
    }
    await expect(a.client.getPrompt({ name: "greet", arguments: { who: "Linus" } })).rejects.toMatchObject({
      code: -32003,
      message: expect.stringMatching(/decision: rate_limited.*Rule: \/prompts\/names\/greet\/limits\/0.*Retry after/),
    });
    const rows = await auditRows(a.orgId, 4);
    expect(rows.filter((r) => r.method === "prompts/get").map((r) => r.decision)).toEqual(["allow", "allow", "rate_limited"]);
    await a.client.close();
  });
});

test("organization B is served and audited throughout, and sees none of A's rows", async () => {
  const report = await bystander.stop();
  expect(report.failures).toEqual([]);
  expect(report.served).toBe(report.total);
  expect(report.total).toBeGreaterThan(0);
  expect(await bystander.auditedCalls(report.total)).toBe(report.total);
  expect(await db.auditEvent.count({ where: { orgId: bystander.orgId, kind: "gateway", method: { not: "tools/call" } } })).toBe(0);
  expect(await bystander.chainVerifies()).toBe(true);
  console.info(`[resources-under-policy] B served ${report.served}/${report.total}, p50 ${report.latencyMsP50.toFixed(1)} ms, max ${report.latencyMsMax.toFixed(1)} ms`);
});
