// For a local install with no configuration: AUTH_SECRET and an encryption key are generated once
// and kept in .warden/secrets.json (git-ignored), so sessions and stored secrets survive restarts.
// Values already in the environment always win.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../lib/db-bootstrap";

type Secrets = { AUTH_SECRET: string; WARDEN_ENCRYPTION_KEYS: string };

export function localSecrets(): Secrets {
  const file = join(projectRoot, ".warden", "secrets.json");
  let stored: Partial<Secrets> = {};
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, "utf8")) as Partial<Secrets>;
  const secrets: Secrets = {
    AUTH_SECRET: stored.AUTH_SECRET ?? randomBytes(32).toString("base64url"),
    WARDEN_ENCRYPTION_KEYS: stored.WARDEN_ENCRYPTION_KEYS ?? `k1:${randomBytes(32).toString("base64")}`,
  };
  if (!existsSync(file)) {
    mkdirSync(join(projectRoot, ".warden"), { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return {
    AUTH_SECRET: process.env.AUTH_SECRET ?? secrets.AUTH_SECRET,
    WARDEN_ENCRYPTION_KEYS: process.env.WARDEN_ENCRYPTION_KEYS ?? secrets.WARDEN_ENCRYPTION_KEYS,
  };
}
