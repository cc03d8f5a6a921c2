// The leanest Node.js HTTP → stdio relay we could write: node:http, one child on stdio, lines
// batched per event-loop turn, ids mapped. No policy, authentication, sessions, audit, logging or
// bounds: not a product, a yardstick. `npm run bench` measures it beside Warden and mcp-proxy, so
// the report shows how much of Warden's CPU per call is Node's own HTTP and pipe work (this
// relay's) and how much is Warden's. Plain JavaScript, run without a loader.
// Usage: node bench/bare-relay.mjs <port> <command> [args…]
import http from "node:http";
import { spawn } from "node:child_process";

const [port, command, ...args] = process.argv.slice(2);
const child = spawn(command, args, { stdio: ["pipe", "pipe", "inherit"] });
const pending = new Map();
let nextId = 1;
let partial = "";
let outgoing = "";

child.stdout.setEncoding("utf8").on("data", (chunk) => {
  const lines = (partial + chunk).split("\n");
  partial = lines.pop();
  for (const line of lines) {
    if (!line) continue;
    const message = JSON.parse(line);
    const answer = pending.get(message.id);
    if (answer) {
      pending.delete(message.id);
      answer(message);
    }
  }
});

function send(message) {
  if (outgoing === "") setImmediate(() => {
    child.stdin.write(outgoing);
    outgoing = "";
  });
  outgoing += JSON.stringify(message) + "\n";
}

const ask = (method, params) => new Promise((resolve) => {
  const id = nextId++;
  pending.set(id, resolve);
  send({ jsonrpc: "2.0", id, method, params });
});

const initialized = await ask("initialize", { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "bare-relay", version: "1" } });
send({ jsonrpc: "2.0", method: "notifications/initialized" });

http.createServer((req, res) => {
  if (req.method !== "POST") {
    req.resume();
    return void res.writeHead(405).end();
  }
  let body = "";
  req.setEncoding("utf8").on("data", (chunk) => (body += chunk));
  req.on("end", async () => {
    const message = JSON.parse(body);
    if (!("id" in message)) return void res.writeHead(202).end();
    const reply = (answer, headers = {}) => {
      const text = JSON.stringify(answer);
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
      res.end(text);
    };
    if (message.method === "initialize") return reply({ jsonrpc: "2.0", id: message.id, result: initialized.result }, { "mcp-session-id": "bare" });
    const { id: _upstreamId, ...answer } = await ask(message.method, message.params);
    reply({ ...answer, id: message.id });
  });
}).listen(Number(port), "127.0.0.1", () => console.log(`bare relay listening on ${port}`));
