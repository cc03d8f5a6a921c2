// When the upstream fails: killed mid-call (HTTP and stdio) the agent gets a clear error at
// once and the next call after the restart works; an upstream that hangs gets a timeout error
// and sees the cancellation; an agent's own cancellation reaches the upstream too.
import { afterAll, afterEach, describe, expect, test, vi } from "vitest";
import { makeSetup, removeTestData } from "./fixtures";
import { connectAgent, startStandin, startTestGateway, textOf } from "./harness";

const ALLOW = { version: "1", default: "allow" };
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(() => removeTestData());
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

describe("upstream failures", () => {
  test("HTTP upstream killed mid-call: clear error, and the next call after its restart works", async () => {
    const standin = await startStandin();
    const gateway = await startTestGateway();
    cleanups.push(() => gateway.close());
    const setup = await makeSetup({ transport: "http", url: standin.url }, ALLOW);
    const agent = await connectAgent(gateway.url, setup.server.id, setup.token);
    expect((await agent.callTool({ name: "get_experiments", arguments: {} })).isError).toBeFalsy();
    standin.setDelay(Number.POSITIVE_INFINITY, ["get_experiments"]);
    const pending = agent.callTool({ name: "get_experiments", arguments: {} });
    await vi.waitFor(() => expect(standin.toolCalls.filter((c) => c.tool === "get_experiments").length).toBe(2));
    await standin.close();
    await expect(pending).rejects.toThrow(/upstream/i);
    const restarted = await startStandin({ port: standin.port });
    cleanups.push(() => restarted.close());
    await vi.waitFor(async () => {
      const result = await agent.callTool({ name: "get_experiments", arguments: {} });
      expect(textOf(result)).toContain("churn-prediction");
    }, { timeout: 5_000, interval: 100 });
    await agent.close();
  });

  test("stdio upstream killed mid-call: clear error, and the next call runs on a restarted process", async () => {
    const gateway = await startTestGateway();
    cleanups.push(() => gateway.close());
    const setup = await makeSetup({ transport: "stdio", args: ["--delay-ms", "2000"] }, ALLOW);
    const agent = await connectAgent(gateway.url, setup.server.id, setup.token);
    const upstream = gateway.services.upstreams.get((await gateway.services.state.server(setup.server.id))!);
    expect((await agent.listTools()).tools.length).toBe(40);
    const pending = agent.callTool({ name: "get_experiments", arguments: {} });
    // Kill only once the call is with the upstream: a call not yet sent would rightly go to the restarted process.
    await vi.waitFor(() => expect(upstream.inFlight).toBeGreaterThan(0), { timeout: 20_000 });
    const firstPid = upstream.pid!;
    process.kill(firstPid, "SIGKILL");
    await expect(pending).rejects.toThrow(/upstream process was killed/);
    const result = await agent.callTool({ name: "get_experiments", arguments: {} });
    expect(textOf(result)).toContain("churn-prediction");
    expect(upstream.pid).not.toBe(firstPid);
    await agent.close();
  });

  test("an upstream that hangs gets a timeout error, and it sees the cancellation", async () => {
    const standin = await startStandin();
    cleanups.push(() => standin.close());
    const gateway = await startTestGateway({ upstreamTimeoutMs: 500 });
    cleanups.push(() => gateway.close());
    const setup = await makeSetup({ transport: "http", url: standin.url }, ALLOW);
    const agent = await connectAgent(gateway.url, setup.server.id, setup.token);
    standin.setDelay(Number.POSITIVE_INFINITY, ["get_experiments"]);
    await expect(agent.callTool({ name: "get_experiments", arguments: {} })).rejects.toThrow(/did not answer tools\/call within 0.5 s/);
    await vi.waitFor(() => expect(standin.cancelledRequestIds.length).toBe(1));
    await agent.close();
  });

  test("an agent's cancellation reaches the upstream", async () => {
    const standin = await startStandin();
    cleanups.push(() => standin.close());
    const gateway = await startTestGateway();
    cleanups.push(() => gateway.close());
    const setup = await makeSetup({ transport: "http", url: standin.url }, ALLOW);
    const agent = await connectAgent(gateway.url, setup.server.id, setup.token);
    standin.setDelay(Number.POSITIVE_INFINITY, ["get_experiments"]);
    const controller = new AbortController();
    const pending = agent.callTool({ name: "get_experiments", arguments: {} }, undefined, { signal: controller.signal });
    await vi.waitFor(() => expect(standin.toolCalls.length).toBe(1));
    controller.abort("changed my mind");
    await expect(pending).rejects.toThrow();
    await vi.waitFor(() => expect(standin.cancelledRequestIds.length).toBe(1));
    await agent.close();
  });
});
