// `tsx bench/profile-top.ts FILE.cpuprofile [N]`: the functions with the most self time in a V8
// CPU profile (as written by BENCH_PROFILE=1), and the share of each, for a quick read.
import { readFileSync } from "node:fs";

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number };
const [file, count] = process.argv.slice(2);
if (!file) throw new Error("usage: tsx bench/profile-top.ts FILE.cpuprofile [N]");
const profile = JSON.parse(readFileSync(file, "utf8")) as { nodes: Node[]; samples: number[] };
const hits = new Map<number, number>();
for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
const byFunction = new Map<string, number>();
for (const node of profile.nodes) {
  const where = node.callFrame.url.replace(/^.*node_modules\//, "").replace(/^.*\/(gateway|lib|build)\//, "$1/");
  const key = `${node.callFrame.functionName || "(anonymous)"}  ${where}:${node.callFrame.lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + (hits.get(node.id) ?? 0));
}
const total = profile.samples.length;
for (const [key, n] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(count ?? 30))) {
  console.log(`${((100 * n) / total).toFixed(1).padStart(5)}%  ${key}`);
}
// The same self time grouped by where the code lives: a package, a gateway folder, node itself.
const byArea = new Map<string, number>();
for (const node of profile.nodes) {
  const url = node.callFrame.url;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  const area = pkg ?? (url.startsWith("node:") ? "node internals" : url === "" ? `(${node.callFrame.functionName || "native"})` : url.includes("/build/") ? "warden bundle" : "other");
  byArea.set(area, (byArea.get(area) ?? 0) + (hits.get(node.id) ?? 0));
}
console.log("\nby area");
for (const [area, n] of [...byArea].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${((100 * n) / total).toFixed(1).padStart(5)}%  ${area}`);
