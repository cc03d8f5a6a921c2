// What keeps a tenant's stdio command from the gateway's secrets.
//
// Where it runs: on the gateway (a child of the gateway worker), and for the control plane's
// "test connection & import" in the stdio runner (lib/upstream/runner), a separate short-lived
// process started with PATH, TMPDIR and WARDEN_STDIO_UID only (no DATABASE_URL, encryption keys or
// session secret). Never inside, nor as a direct child of, the Next.js app process.
//
// Isolated: the environment (PATH, a fresh HOME and the server's own env only); and, when the
// gateway runs as root (the usual container), the user: the child runs as WARDEN_STDIO_UID
// (default 65534, "nobody"), so it cannot read root's 0600 files (.warden/secrets.json) nor
// /proc/<gateway pid>/environ, and cannot signal the gateway.
// NOT isolated: the network, world-readable files (including the repository, unless the operator
// restricts it), CPU and memory (no cgroup), and other stdio children running as the same user.
// When the gateway is not root it cannot change user: the child then runs as the gateway's user
// and can read what that user can; run the gateway as root in a container, or not allow stdio.
import { chownSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type ChildIsolation = { home: string; identity: { uid?: number; gid?: number } };

export function stdioUserId(): number | null {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return null;
  const configured = Number(process.env.WARDEN_STDIO_UID ?? "65534");
  return Number.isInteger(configured) && configured > 0 ? configured : 65534;
}

export function childIsolation(): ChildIsolation {
  const home = mkdtempSync(join(tmpdir(), "warden-stdio-"));
  const uid = stdioUserId();
  if (uid === null) return { home, identity: {} };
  chownSync(home, uid, uid);
  return { home, identity: { uid, gid: uid } };
}
