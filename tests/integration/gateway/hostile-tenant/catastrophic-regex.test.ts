// Hostile tenant, item 2: organization A registers an MCP server whose tools' input schemas hold
// catastrophic regexes ("^(a|a)+$" and kin, in pattern and patternProperties), a lookahead the
// linear engine cannot run, and a $ref chain that doubles at each level; A then calls them with
// forty "a"s and a "!". A backtracking engine would freeze the gateway for minutes. A must get a
// clear invalid_arguments refusal (or, for what cannot be checked, the upstream's own answer)
// while organization B, calling throughout, keeps its usual latency and its audit rows.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, expect, test } from "vitest";
import { db } from "@/lib/db";
import type { RunningGateway } from "@/gateway/gateway";
import { makeSetup } from "../fixtures";
import { connectAgent, startStandin, startTestGateway, textOf } from "../harness";
import { startTestMcpServer } from "../test-mcp-server";
import { startBystander, type Bystander } from "./bystander";

const evil = "a".repeat(40) + "!";

const doublingRefs: Record<string, unknown> = { d20: { type: "string" } };
for (let i = 19; i >= 0; i--) doublingRefs[`d${i}`] = { allOf: [{ $ref: `#/$defs/d${i + 1}` }, { $ref: `#/$defs/d${i + 1}` }] };

const stringTool = (name: string, pattern: string) => ({
  name, description: `Echoes a name matching ${pattern}`,
  inputSchema: { type: "object" as const, properties: { name: { type: "string", pattern } }, required: ["name"] },
});

/** A's tools, and what the gateway must answer for the evil arguments. */
const attacks = [
  { tool: stringTool("alternation", "^(a|a)+$"), args: { name: evil }, expect: "refused" as const },
  { tool: stringTool("nested_quantifiers", "^(a+)+$"), args: { name: evil }, expect: "refused" as const },
  { tool: stringTool("words_and_spaces", "^(\\w+\\s?)*$"), args: { name: evil }, expect: "refused" as const },
  { tool: stringTool("optional_star", "^(a?){40}a{40}$"), args: { name: "a".repeat(39) }, expect: "refused" as const },
  {
    tool: { name: "tag_map", description: "Tags by key", inputSchema: { type: "object" as const, properties: { tags: { type: "object", patternProperties: { "^(a|a)+$": { type: "number" } }, additionalProperties: false } } } },
    args: { tags: { [evil]: 1 } }, expect: "refused" as const,
  },
  {
    tool: { name: "key_names", description: "Keys must match", inputSchema: { type: "object" as const, propertyNames: { pattern: "^(a+)+$" } } },
    args: { [evil]: 1 }, expect: "refused" as const,
  },
  // Not runnable in linear time: left to the upstream, never to a backtracking RegExp.
  { tool: stringTool("lookahead", "^(?=a)(a|a)+$"), args: { name: evil }, expect: "forwarded" as const },
  // 2^20 subschema applications: the check runs out of its work budget and forwards.
  { tool: { name: "doubling_refs", description: "Refs", inputSchema: { type: "object" as const, properties: { name: { $ref: "#/$defs/d0" } }, $defs: doublingRefs } }, args: { name: evil }, expect: "forwarded" as const },
];

/** A's upstream: a low-level SDK Server over stateless Streamable HTTP that echoes and counts calls. */
async function startHostileUpstream() {
  const received: string[] = [];
  const create = () => {
    const server = new Server({ name: "hostile", version: "1.0.0" }, { capabilities: { tools: {} } });
    server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: attacks.map((attack) => attack.tool) }));
    server.setRequestHandler(CallToolRequestSchema, (request) => {
      received.push(request.params.name);
      return { content: [{ type: "text", text: `upstream echo from ${request.params.name}` }] };
    });
    return server;
  };
  return { received, ...(await startTestMcpServer({ create, mode: "stateless" })) };
}

const running = {} as { standin: Awaited<ReturnType<typeof startStandin>>; hostile: Awaited<ReturnType<typeof startHostileUpstream>>; gateway: RunningGateway };

beforeAll(async () => {
  running.standin = await startStandin();
  running.hostile = await startHostileUpstream();
  running.gateway = await startTestGateway();
});

afterAll(async () => {
  await running.gateway?.close();
  await running.hostile?.close();
  await running.standin?.close();
});

async function baseline(bystander: Bystander, calls: number): Promise<number> {
  const latencies: number[] = [];
  for (let i = 0; i < calls; i++) latencies.push(await bystander.call());
  return latencies.sort((a, b) => a - b)[Math.floor(calls / 2)]!;
}

test("catastrophic upstream regexes: A is refused quickly, B keeps its latency and its audit rows", async () => {
  const bystander = await startBystander(running.gateway.url, running.standin.url);
  const a = await makeSetup({ transport: "http", url: running.hostile.url }, { version: "1", default: "allow", tools: {} });
  const agentA = await connectAgent(running.gateway.url, a.server.id, a.token);
  await bystander.call();
  const p50Before = await baseline(bystander, 20);

  // B calls one at a time throughout the attack; its latencies during it are kept apart.
  const during: number[] = [];
  let attacking = true;
  const bLoop = (async () => {
    while (attacking) {
      during.push(await bystander.call());
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  // A's first calls: the gateway compiles A's schemas, a few per second (compiles are rationed;
  // a call whose compile must wait is forwarded unchecked), until each catastrophic one refuses.
  let aCalls = 0;
  const callA = async ({ tool, args }: (typeof attacks)[number]) => {
    const started = performance.now();
    aCalls += 1;
    const result = await agentA.callTool({ name: tool.name, arguments: args });
    return { name: tool.name, text: textOf(result), isError: Boolean(result.isError), ms: performance.now() - started };
  };
  for (const attack of attacks) {
    for (let tries = 0; tries < 50 && !(await callA(attack)).isError && attack.expect === "refused"; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  // Then five rounds of every attack at once.
  const receivedBefore = running.hostile.received.length;
  const answers: Awaited<ReturnType<typeof callA>>[] = [];
  for (let round = 0; round < 5; round++) answers.push(...(await Promise.all(attacks.map(callA))));
  attacking = false;
  await bLoop;
  loopDelay.disable();
  const report = await bystander.stop();

  for (const { tool, expect: expected } of attacks) {
    const mine = answers.filter((answer) => answer.name === tool.name);
    expect(mine).toHaveLength(5);
    for (const answer of mine) {
      if (expected === "refused") {
        expect(answer).toMatchObject({ isError: true, text: expect.stringContaining("decision: invalid_arguments") });
        expect(answer.text).toMatch(/must match pattern|must NOT have additional properties|property name must be valid/);
      } else {
        expect(answer).toMatchObject({ isError: false, text: `upstream echo from ${tool.name}` });
      }
      expect(answer.ms).toBeLessThan(5_000);
    }
  }
  const refusedTools = new Set(attacks.filter((attack) => attack.expect === "refused").map((attack) => attack.tool.name));
  expect(running.hostile.received.slice(receivedBefore).filter((name) => refusedTools.has(name))).toEqual([]);
  const decisionsOfA = async () => {
    const rows = await db.auditEvent.groupBy({ by: ["decision"], where: { orgId: a.orgId, kind: "gateway", method: "tools/call" }, _count: true });
    return Object.fromEntries(rows.map((row) => [row.decision, row._count]));
  };
  await expect.poll(async () => Object.values(await decisionsOfA()).reduce((sum, n) => sum + n, 0)).toBe(aCalls);
  expect(Object.keys(await decisionsOfA()).sort()).toEqual(["allow", "invalid_arguments"]);

  const sorted = [...during].sort((x, y) => x - y);
  const p50During = sorted[Math.floor(sorted.length / 2)]!;
  console.log(
    `B: ${report.served}/${report.total} served (${during.length} during the attack); p50 ${p50Before.toFixed(1)} ms before, ${p50During.toFixed(1)} ms during, ` +
      `max ${Math.max(...during).toFixed(1)} ms during; A's slowest answer ${Math.max(...answers.map((x) => x.ms)).toFixed(1)} ms; ` +
      `event loop delay max ${(loopDelay.max / 1e6).toFixed(1)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms`,
  );
  expect(report.failures).toEqual([]);
  expect(report.served).toBe(report.total);
  expect(during.length).toBeGreaterThan(0);
  expect(Math.max(...during)).toBeLessThan(1_000);
  expect(await bystander.auditedCalls(report.total)).toBe(report.total);
  expect(await bystander.chainVerifies()).toBe(true);
  const bTools = await db.auditEvent.findMany({ where: { orgId: bystander.orgId }, select: { tool: true }, distinct: ["tool"] });
  expect(bTools.map((row) => row.tool).filter((tool) => tool && tool !== "search_experiments")).toEqual([]);
  await agentA.close();
  await bystander.client.close();
});
