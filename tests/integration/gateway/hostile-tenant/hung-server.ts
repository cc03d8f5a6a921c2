// A minimal Streamable HTTP MCP server on node:http (JSON answers, no GET stream) with one tool,
// `slow_echo`, and a switch: "answer" serves normally, "silent" opens the answer's event stream
// and never writes an event, "mute" never even sends headers (for tools/call and for every
// notification, cancels included). It counts what a hostile upstream holds of the gateway: open
// TCP connections and HTTP requests it has not answered.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type HungMode = "answer" | "silent" | "mute";

const tool = { name: "slow_echo", description: "Echoes its text", inputSchema: { type: "object", properties: { text: { type: "string" } } } };

export async function startHungServer() {
  let mode: HungMode = "answer";
  const sockets = new Set<Socket>();
  const unanswered = new Set<IncomingMessage>();
  const seen = { toolCalls: 0, cancels: 0, cancelsHangingPeak: 0 };
  let cancelsHanging = 0;

  const hold = (req: IncomingMessage, method: string) => {
    unanswered.add(req);
    if (method === "notifications/cancelled") seen.cancelsHangingPeak = Math.max(seen.cancelsHangingPeak, ++cancelsHanging);
    req.socket.once("close", () => {
      unanswered.delete(req);
      if (method === "notifications/cancelled") cancelsHanging -= 1;
    });
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    if (req.method === "DELETE") return void res.writeHead(200).end();
    if (req.method !== "POST") return void res.writeHead(405).end();
    const message = JSON.parse(body) as { id?: string | number; method: string; params?: { protocolVersion?: string } };
    if (message.method === "notifications/cancelled") seen.cancels += 1;
    if (message.method === "tools/call") seen.toolCalls += 1;
    const hangs = mode === "mute" ? message.method === "tools/call" || message.id === undefined : mode === "silent" && message.method === "tools/call";
    if (hangs) {
      hold(req, message.method);
      if (mode === "silent") res.writeHead(200, { "content-type": "text/event-stream" }).flushHeaders();
      return;
    }
    if (message.id === undefined) return void res.writeHead(202).end();
    const result =
      message.method === "initialize"
        ? { protocolVersion: message.params?.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: "hung", version: "1.0.0" } }
        : message.method === "tools/list"
          ? { tools: [tool] }
          : message.method === "tools/call"
            ? { content: [{ type: "text", text: "answered" }] }
            : {};
    res.writeHead(200, { "content-type": "application/json", "mcp-session-id": "hung-session" }).end(JSON.stringify({ jsonrpc: "2.0", id: message.id, result }));
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => handle(req, res, Buffer.concat(chunks).toString("utf8")));
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/mcp`,
    seen,
    setMode(next: HungMode) {
      mode = next;
    },
    /** TCP connections from clients that are open now. */
    get openConnections() {
      return sockets.size;
    },
    /** HTTP requests received and held without an answer, whose connection is still open. */
    get unanswered() {
      return unanswered.size;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
