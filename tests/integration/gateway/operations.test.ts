// Operations: health, readiness (database and listener), Prometheus metrics, one structured log
// line per request, and a graceful SIGTERM that writes buffered audit rows before exiting.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { db } from "@/lib/db";
import { makeSetup, removeTestData } from "./fixtures";
import { connectAgent, startStandin, startTestGateway } from "./harness";
import { startWorkerProcess } from "./worker-process";

let standin: Awaited<ReturnType<typeof startStandin>>;

beforeAll(async () => {
  standin = await startStandin();
});
afterAll(async () => {
  await standin?.close();
  await removeTestData();
});

describe("operations", () => {
  test("healthz, readyz and metrics", async () => {
    const gateway = await startTestGateway();
    try {
      const setup = await makeSetup({ transport: "http", url: standin.url });
      const agent = await connectAgent(gateway.url, setup.server.id, setup.token);
      await agent.callTool({ name: "set_experiment_tag", arguments: { experiment_id: "1", key: "m", value: "1" } });
      await agent.callTool({ name: "get_run", arguments: { run_id: "x" } }).catch(() => undefined);
      await agent.close();
      expect(await (await fetch(`${gateway.url}/healthz`)).json()).toEqual({ status: "ok" });
      const ready = await fetch(`${gateway.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: "ready", checks: { database: true, listener: true } });
      const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
      expect(metrics).toMatch(/warden_gateway_decisions_total\{decision="allow"\} 1/);
      expect(metrics).toMatch(/warden_gateway_decisions_total\{decision="hide"\} 1/);
      expect(metrics).toContain("warden_gateway_call_duration_seconds_bucket");
      expect(metrics).toContain("warden_gateway_counter_store_duration_seconds_count 1");
      expect(metrics).toContain("warden_gateway_audit_buffer_depth");
      expect(metrics).toContain("warden_gateway_upstream_errors_total");
    } finally {
      await gateway.close();
    }
  });

  test("SIGTERM: buffered audit rows are written before the worker exits; each request logged once", async () => {
    const worker = await startWorkerProcess({ GATEWAY_AUDIT_FLUSH_MS: "600000", GATEWAY_LOG_LEVEL: "info" });
    const setup = await makeSetup({ transport: "http", url: standin.url });
    const agent = await connectAgent(worker.url, setup.server.id, setup.token);
    for (let i = 0; i < 5; i++) await agent.callTool({ name: "set_experiment_tag", arguments: { experiment_id: "1", key: `t${i}`, value: "1" } });
    await agent.close();
    expect(await db.auditEvent.count({ where: { orgId: setup.orgId, kind: "gateway" } })).toBe(0);
    expect(await worker.stop()).toBe(0);
    expect(await db.auditEvent.count({ where: { orgId: setup.orgId, kind: "gateway" } })).toBe(5);
    const lines = worker.output().split("\n").filter((line) => line.includes('"msg":"request"')).map((line) => JSON.parse(line));
    const calls = lines.filter((line) => line.rpcMethod === "tools/call");
    expect(calls).toHaveLength(5);
    expect(calls[0]).toMatchObject({ method: "POST", status: 200, tool: "set_experiment_tag", decision: "allow", upstreamOutcome: "ok" });
    expect(worker.output()).not.toContain(setup.token);
  });
});
