// A tiny stdio MCP server as a `node -e` script (no imports, so any user can run it): its one
// tool's description says who started it (parent pid and command line) and which env it got.
export const tinyStdioServer = `
const fs = require("fs");
const parent = fs.readFileSync("/proc/" + process.ppid + "/cmdline", "utf8").split("\\0").join(" ");
const report = JSON.stringify({ ppid: process.ppid, parent, env: Object.keys(process.env).sort() });
const send = (m) => process.stdout.write(JSON.stringify(m) + "\\n");
let buffer = "";
process.stdin.setEncoding("utf8").on("data", (chunk) => {
  buffer += chunk;
  let at;
  while ((at = buffer.indexOf("\\n")) >= 0) {
    const m = JSON.parse(buffer.slice(0, at));
    buffer = buffer.slice(at + 1);
    if (m.method === "initialize") send({ jsonrpc: "2.0", id: m.id, result: { protocolVersion: m.params.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: "tiny", version: "1" } } });
    else if (m.method === "tools/list") send({ jsonrpc: "2.0", id: m.id, result: { tools: [{ name: "who", description: report, inputSchema: { type: "object" } }] } });
    else if (m.id !== undefined) send({ jsonrpc: "2.0", id: m.id, error: { code: -32601, message: "no" } });
  }
});`;

export type TinyReport = { ppid: number; parent: string; env: string[] };
