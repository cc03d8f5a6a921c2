// After `npm install`: apply our patch of @prisma/adapter-pg, then generate the Prisma client.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { runPrisma } from "./prisma.mjs";

const require = createRequire(import.meta.url);
const patch = spawnSync(process.execPath, [require.resolve("patch-package")], { stdio: "inherit" });
if (patch.status !== 0) process.exit(patch.status ?? 1);
process.exitCode = await runPrisma(["generate"]);
