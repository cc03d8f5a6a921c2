// The functions with the most self time in a V8 CPU profile, as a share of the busy samples
// (idle left out), and the same grouped by where the code lives. `tsx bench/profile-top.ts
// FILE.cpuprofile [N]` reads one written by BENCH_PROFILE=1 or `npm run bench:profile`.
import { readFileSync } from "node:fs";

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number };

function print(entries: Map<string, number>, total: number, count: number): void {
  for (const [key, n] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, count)) console.log(`${((100 * n) / total).toFixed(1).padStart(7)}%  ${key}`);
}

export function topFrames(file: string, count = 30): void {
  const profile = JSON.parse(readFileSync(file, "utf8")) as { nodes: Node[]; samples: number[] };
  const hits = new Map<number, number>();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  let busy = 0;
  for (const node of profile.nodes) {
    const n = hits.get(node.id) ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === "(idle)") continue;
    busy += n;
    const where = url.replace(/^.*node_modules\//, "").replace(/^.*\/(gateway|lib|build)\//, "$1/");
    const key = `${functionName || "(anonymous)"}  ${where}:${lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + n);
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
    const area = pkg ?? (url.startsWith("node:") ? "node internals" : url === "" ? `(${functionName || "native"})` : url.includes("/build/") ? "warden bundle" : "other");
    byArea.set(area, (byArea.get(area) ?? 0) + n);
  }
  console.log(`   busy samples: ${busy} of ${profile.samples.length}; self time as a share of busy:`);
  print(byFunction, busy, count);
  console.log("   by area");
  print(byArea, busy, 15);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, count] = process.argv.slice(2);
  if (!file) throw new Error("usage: tsx bench/profile-top.ts FILE.cpuprofile [N]");
  topFrames(file, Number(count ?? 30));
}
