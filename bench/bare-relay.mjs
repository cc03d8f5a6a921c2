// The leanest Node.js relays we could write, as yardsticks: not products. No policy,
// authentication, sessions, audit, logging or bounds. `npm run bench` measures them beside Warden
// and mcp-proxy, so the report shows how much of Warden's cost is Node's own HTTP and pipe work
// (the relay's) and how much is Warden's. Plain JavaScript, run without a loader.
//   node bench/bare-relay.mjs <port> <command> [args…]   HTTP → one child on stdio: lines
//       batched per event-loop turn, ids mapped.
//   node bench/bare-relay.mjs <port> --http <url>         HTTP → HTTP: each request passed
//       through on a keep-alive connection, body and session header untouched (the least any
//       HTTP hop can do; the floor for the added latency at concurrency 1).
import http from "node:http";
import { spawn } from "node:child_process";

const [port, command, ...args] = process.argv.slice(2);
if (command === "--http") relayHttp(new URL(args[0]));
else await relayStdio();

function relayHttp(upstream) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const pick = (from, names) => Object.fromEntries(names.filter((name) => from[name] !== undefined).map((name) => [name, from[name]]));
  http.createServer((req, res) => {
    const headers = pick(req.headers, ["content-type", "content-length", "accept", "mcp-session-id", "mcp-protocol-version", "last-event-id"]);
    const forwarded = http.request({ hostname: upstream.hostname, port: upstream.port, path: upstream.pathname, method: req.method, headers, agent }, (answer) => {
      res.writeHead(answer.statusCode, pick(answer.headers, ["content-type", "content-length", "mcp-session-id", "cache-control"]));
      answer.pipe(res);
    });
    forwarded.on("error", () => res.headersSent ? res.destroy() : res.writeHead(502).end());
    res.on("close", () => res.writableFinished || forwarded.destroy());
    req.pipe(forwarded);
  }).listen(Number(port), "127.0.0.1", () => console.log(`bare relay listening on ${port}`));
}

async function relayStdio() {
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
}
