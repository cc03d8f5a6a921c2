// A small round-robin HTTP balancer for the scale-out benchmarks: each request goes to the next
// worker, over keep-alive connections; a request carrying an MCP session id goes to the worker
// that issued it (sticky sessions, learned from the Mcp-Session-Id response header). Any load
// balancer in front of Warden needs this much (or workers with GATEWAY_SESSIONS=off) and no more.
import { Agent, createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type Balancer = { url: string; setWorkers(ports: number[]): void; close(): Promise<void>; failures(): number };

export async function startBalancer(ports: number[]): Promise<Balancer> {
  let workers = [...ports];
  let next = 0;
  let failed = 0;
  const sessions = new Map<string, number>();
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const server: Server = createServer((req, res) => {
    const session = req.headers["mcp-session-id"];
    const pinned = typeof session === "string" ? sessions.get(session) : undefined;
    const port = pinned ?? workers[next++ % workers.length]!;
    if (typeof session === "string" && req.method === "DELETE") sessions.delete(session);
    const upstream = request({ host: "127.0.0.1", port, method: req.method, path: req.url, headers: req.headers, agent }, (answer) => {
      const issued = answer.headers["mcp-session-id"];
      if (typeof issued === "string" && issued !== session) sessions.set(issued, port);
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => {
      failed++;
      if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32000, message: "worker unavailable" } }));
    });
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    /** New sessions and sessionless requests go to these; pinned sessions stay where they are. */
    setWorkers: (ports) => void (workers = [...ports]),
    failures: () => failed,
    close: () => new Promise((resolve) => {
      agent.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
