// Running pieces for gateway tests: the MLflow stand-in over HTTP, an in-process gateway worker
// on a free port, and SDK clients that reach the stand-in through the gateway or directly.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import pg from "pg";
import type { Logger } from "pino";
import { withDefaults, type GatewayConfig } from "@/gateway/config";
import { startGateway, type RunningGateway } from "@/gateway/gateway";
import { afterAll, beforeAll, expect } from "vitest";
import { startMlflowHttpServer, type MlflowHttpServerOptions } from "@/tests/fixtures/mlflow-mcp/index";
import { removeTestData } from "./fixtures";

export async function startStandin(options: MlflowHttpServerOptions = {}) {
  return startMlflowHttpServer(options);
}

/** A gateway worker for tests; pass a `logger` to capture its log lines (otherwise GATEWAY_TEST_LOG sets the level). */
export async function startTestGateway(overrides: Partial<GatewayConfig> = {}, logger?: Logger): Promise<RunningGateway> {
  const config = withDefaults({
    databaseUrl: process.env.DATABASE_URL!,
    allowPrivateUpstreams: true,
    allowStdio: true,
    logLevel: process.env.GATEWAY_TEST_LOG ?? "silent",
    upstreamTimeoutMs: 10_000,
    ...overrides,
  });
  return logger ? startGateway(config, logger) : startGateway(config);
}

/**
 * For a test file: a stand-in and a gateway worker started before its tests, and stopped — with the
 * file's test data removed — after them. Read them as `running.standin` / `running.gateway`.
 */
export function useStandinAndGateway() {
  const running = {} as { standin: Awaited<ReturnType<typeof startStandin>>; gateway: RunningGateway };
  beforeAll(async () => {
    running.standin = await startStandin();
    running.gateway = await startTestGateway();
  });
  afterAll(async () => {
    await running.gateway?.close();
    await running.standin?.close();
    await removeTestData();
  });
  return running;
}

/** The stand-in and two gateway workers (the same settings) on one database, for a suite's life. */
export function useStandinAndTwoGateways(overrides: Partial<GatewayConfig> = {}) {
  const running = {} as { standin: Awaited<ReturnType<typeof startStandin>>; first: RunningGateway; second: RunningGateway };
  beforeAll(async () => {
    running.standin = await startStandin();
    running.first = await startTestGateway(overrides);
    running.second = await startTestGateway(overrides);
  });
  afterAll(async () => {
    await running.first?.close();
    await running.second?.close();
    await running.standin?.close();
    await removeTestData();
  });
  return running;
}

export type AgentOptions = { via?: "header" | "secret-url"; headers?: Record<string, string>; capabilities?: ConstructorParameters<typeof Client>[1] };

/** An SDK client connected to the gateway as an agent holding `token`. */
export async function connectAgent(gatewayUrl: string, serverId: string, token: string, options: AgentOptions = {}): Promise<Client> {
  const url = options.via === "secret-url" ? new URL(`${gatewayUrl}/g/${token}/mcp`) : new URL(`${gatewayUrl}/mcp/${serverId}`);
  const headers = { ...(options.via === "secret-url" ? {} : { authorization: `Bearer ${token}` }), ...options.headers };
  const client = new Client({ name: "test-agent", version: "1.0.0" }, options.capabilities);
  await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers } }));
  return client;
}

/** An SDK client connected straight to an MCP server, for comparisons. */
export async function connectDirect(url: string, capabilities?: AgentOptions["capabilities"]): Promise<Client> {
  const client = new Client({ name: "direct", version: "1.0.0" }, capabilities);
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

export function textOf(result: unknown): string {
  const content = (result as CallToolResult).content ?? [];
  return content.map((item) => (item.type === "text" ? item.text : "")).join("\n");
}

/** Waits, if needed, until the current minute has at least `marginSeconds` left, so a burst of calls stays in one rate-limit window. */
export async function awayFromMinuteEnd(marginSeconds = 15): Promise<void> {
  const secondOfMinute = (Date.now() / 1000) % 60;
  if (secondOfMinute > 60 - marginSeconds) await new Promise((resolve) => setTimeout(resolve, (60 - secondOfMinute + 0.2) * 1000));
}

/**
 * Ends a worker's change-listener connection and runs `sql` (statements without parameters) in
 * the same request, so its changes commit and notify after the listener's backend has exited
 * (pg_terminate_backend waits for that) and before the worker can listen again (its first
 * reconnect waits 100 ms): that worker misses those notifications. Resolves with each
 * statement's row count once the worker listens again.
 */
export async function missedByListener(gateway: RunningGateway, sql: string): Promise<number[]> {
  const pidBefore = gateway.listener.backendPid;
  if (pidBefore === undefined) throw new Error("the worker's change listener is not connected");
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  let counts: number[];
  try {
    const results = (await admin.query(`SELECT pg_terminate_backend(${pidBefore}, 5000) AS ended; ${sql}`)) as unknown as pg.QueryResult[];
    if (results[0]?.rows[0]?.ended !== true) throw new Error("the change listener's connection did not end");
    counts = results.slice(1).map((result) => result.rowCount ?? 0);
  } finally {
    await admin.end();
  }
  await expect.poll(() => gateway.listener.listening && gateway.listener.backendPid !== pidBefore, { timeout: 10_000 }).toBe(true);
  return counts;
}
