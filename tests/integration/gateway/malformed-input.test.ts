// 10,000 generated bad requests (invalid JSON, wrong types, huge ids, deep nesting, oversize
// bodies, batches, unknown methods, bad tokens, bad headers) → no crash, no 5xx, nothing
// forwarded upstream; the gateway still serves a good client afterwards.
import { expect, test } from "vitest";
import { makeSetup } from "./fixtures";
import { connectAgent, useStandinAndGateway } from "./harness";

const running = useStandinAndGateway();

/** A small seeded PRNG (mulberry32), so a failing case can be reproduced. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type BadRequest = { body: string; headers?: Record<string, string>; token?: string | null; path?: "secret" | "other" };

function nested(depth: number): string {
  return "[".repeat(depth) + "]".repeat(depth);
}

function generators(random: () => number): (() => BadRequest)[] {
  const pick = <T,>(items: T[]) => items[Math.floor(random() * items.length)]!;
  const junk = () => Array.from({ length: Math.floor(random() * 60) }, () => String.fromCharCode(Math.floor(random() * 0x7f))).join("");
  const headerJunk = () => Array.from({ length: 1 + Math.floor(random() * 40) }, () => String.fromCharCode(0x21 + Math.floor(random() * 0x5d))).join("");
  const badId = () => pick<unknown>([null, 1.5, 1e308, "x".repeat(300), [], {}, true]);
  const weird = () => pick<unknown>([null, 0, -1, 1.5, 1e308, "", "x".repeat(300), [], {}, [1, 2], { a: 1 }, true, "tools/call"]);
  return [
    () => ({ body: junk() }),
    () => ({ body: `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":` + junk() }),
    () => ({ body: JSON.stringify({ jsonrpc: weird(), id: 1, method: "tools/list" }) }),
    () => ({ body: JSON.stringify({ jsonrpc: "2.0", id: badId(), method: "tools/call", params: { name: "set_experiment_tag", arguments: { experiment_id: "1", key: "k", value: "v" } } }) }),
    () => ({ body: JSON.stringify({ jsonrpc: "2.0", id: "x".repeat(1000 + Math.floor(random() * 5000)), method: "ping" }) }),
    () => ({ body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: weird(), params: {} }) }),
    () => ({ body: JSON.stringify({ jsonrpc: "2.0", id: 3, method: "tools/call", params: weird() }) }),
    () => ({ body: JSON.stringify({ jsonrpc: "2.0", id: 4, method: "tools/call", params: { name: weird(), arguments: weird() } }) }),
    () => ({ body: JSON.stringify({ jsonrpc: "2.0", id: 5, method: "tools/call", params: { name: "set_experiment_tag", arguments: weird() } }) }),
    () => ({ body: JSON.stringify({ jsonrpc: "2.0", id: 5, method: "tools/call", params: { name: "set_experiment_tag", arguments: { experiment_id: weird(), key: 7, value: ["v"] } } }) }),
    () => ({ body: `{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"set_experiment_tag","arguments":{"a":${nested(70 + Math.floor(random() * 3000))}}}}` }),
    () => ({ body: nested(1 + Math.floor(random() * 5000)) }),
    () => ({ body: JSON.stringify([{ jsonrpc: "2.0", id: 7, method: "tools/call", params: { name: "set_experiment_tag", arguments: {} } }, { jsonrpc: "2.0", id: 8, method: "ping" }]) }),
    () => ({ body: JSON.stringify({ jsonrpc: "2.0", id: 9, method: pick(["tools/delete", "admin/shutdown", "resources/list", "sampling/createMessage", "tasks/list", "rpc.discover", "__proto__"]) }) }),
    () => ({ body: JSON.stringify({ jsonrpc: "2.0", id: 10, method: "tools/call", params: { name: pick(["delete_experiment", "get_run", "nope", "__proto__", "constructor", "*"]), arguments: {} } }) }),
    () => ({ body: JSON.stringify({ jsonrpc: "2.0", id: 11, method: "tools/list" }), token: pick([null, "", "wdn_g_short", "Bearer", "wdn_g_" + "A".repeat(43), headerJunk()]) }),
    () => ({ body: JSON.stringify({ jsonrpc: "2.0", id: 12, method: "ping" }), path: pick<"secret" | "other">(["secret", "other"]), token: "wdn_g_" + "B".repeat(43) }),
    () => ({ body: JSON.stringify({ jsonrpc: "2.0", id: 13, method: "ping" }), headers: { "content-type": pick(["text/plain", "application/xml", ""]) } }),
    () => ({ body: JSON.stringify({ jsonrpc: "2.0", id: 14, method: "ping" }), headers: { accept: pick(["text/html", "image/png"]) } }),
    () => ({ body: JSON.stringify({ jsonrpc: "2.0", id: 15, method: "ping" }), headers: { "mcp-session-id": headerJunk(), "mcp-protocol-version": pick(["1999-01-01", "2025-06-18", headerJunk()]) } }),
    () => ({ body: JSON.stringify({ jsonrpc: "2.0", id: weird(), result: weird() }) }),
    () => ({ body: JSON.stringify({ jsonrpc: "2.0", id: 16, error: { code: "x", message: 1 } }) }),
    () => ({ body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: weird() } }) }),
  ];
}

test("10,000 bad requests: 0 crashes, 0 5xx, 0 forwarded upstream", async () => {
  const setup = await makeSetup({ transport: "http", url: running.standin.url });
  const good = await connectAgent(running.gateway.url, setup.server.id, setup.token);
  await good.listTools();
  const upstreamRequests = running.standin.requests.length;
  const random = prng(20261125);
  const cases = generators(random);
  const statuses = new Map<number, number>();
  const send = async (request: BadRequest) => {
    const token = request.token === undefined ? setup.token : request.token;
    const url = request.path === "secret" ? `${running.gateway.url}/g/${encodeURIComponent(token ?? "")}/mcp` : request.path === "other" ? `${running.gateway.url}/mcp/srv_nope` : `${running.gateway.url}/mcp/${setup.server.id}`;
    const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json, text/event-stream", ...request.headers };
    if (token !== null && request.path !== "secret") headers.authorization = `Bearer ${token}`;
    const response = await fetch(url, { method: "POST", headers, body: request.body });
    await response.arrayBuffer();
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  };
  const oversize = "x".repeat(4 * 1024 * 1024 + 10);
  for (let i = 0; i < 10; i++) await send({ body: `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"${oversize}"}}` });
  let next = 10;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < 10_000) {
      next++;
      await send(cases[Math.floor(random() * cases.length)]!());
    }
  }));
  const total = [...statuses.values()].reduce((a, b) => a + b, 0);
  expect(total).toBe(10_000);
  expect([...statuses.keys()].filter((status) => status >= 500)).toEqual([]);
  expect(statuses.get(413)).toBeGreaterThanOrEqual(10);
  expect(running.standin.requests.length).toBe(upstreamRequests);
  expect(running.standin.toolCalls.length).toBe(0);
  const health = await fetch(`${running.gateway.url}/healthz`);
  expect(health.status).toBe(200);
  expect((await good.listTools()).tools.map((t) => t.name)).toEqual(["set_experiment_tag"]);
  await good.close();
}, 120_000);
