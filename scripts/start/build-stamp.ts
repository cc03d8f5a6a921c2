// Decides whether `next build` must run: the stamp records the newest source file time and the
// lockfile; any newer source (or a missing .next) means the build is stale.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../lib/db-bootstrap";

const stampFile = join(projectRoot, ".next", "warden-build-stamp");
const sourceDirs = ["app", "components", "lib"];
const sourceFiles = ["next.config.ts", "package-lock.json", "tsconfig.json"];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === "generated" || entry === "node_modules") continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

function currentStamp(): string {
  const paths = [...sourceDirs, ...sourceFiles].map((p) => join(projectRoot, p)).filter(existsSync);
  return String(Math.max(...paths.map(newestMtime)));
}

export function buildIsCurrent(): boolean {
  if (!existsSync(join(projectRoot, ".next", "BUILD_ID")) || !existsSync(stampFile)) return false;
  return readFileSync(stampFile, "utf8") === currentStamp();
}

export function markBuildCurrent(): void {
  writeFileSync(stampFile, currentStamp());
}
