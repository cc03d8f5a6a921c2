// What a gateway worker caches about the control plane's rows, and the queries that load them.
// Only what enforcement needs; upstream secrets are decrypted here and nowhere else.
import { decryptSecret, serverSecretAad } from "@/lib/crypto";
import { openUrl } from "@/lib/data/server-url";
import { compilePolicy, parsePolicy, type CompiledPolicy } from "@/lib/policy";
import type { UpstreamConfig } from "@/lib/upstream";
import type { Database } from "@/gateway/state/database";

export type GrantRecord = {
  id: string;
  orgId: string;
  serverId: string;
  policyId: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
  version: number;
};

export type PolicyRecord = {
  id: string;
  orgId: string;
  serverId: string;
  version: number;
  /** Null when the stored document does not compile; every call is then denied (fail closed). */
  compiled: CompiledPolicy | null;
  error?: string;
};

export type ServerRecord = { id: string; orgId: string; name: string; version: number; config: UpstreamConfig };

export type ToolState = {
  status: "active" | "quarantined" | "removed";
  fingerprint: string;
  driftFingerprint: string | null;
  /** The approved definition's input schema: calls are checked against it before they leave. */
  inputSchema?: unknown;
};

const queries = {
  grant: { name: "gw_grant", text: `SELECT id, "orgId", "serverId", "policyId", "expiresAt", "revokedAt", version FROM grants WHERE "tokenHash" = $1` },
  policy: {
    name: "gw_policy",
    text: `SELECT p.id, p."orgId", p."serverId", p."currentVersion" AS version, v.document FROM policies p
           JOIN policy_versions v ON v."policyId" = p.id AND v.version = p."currentVersion" WHERE p.id = $1`,
  },
  server: {
    name: "gw_server",
    text: `SELECT id, "orgId", name, transport, url, command, args, "secretsCiphertext", "secretsKeyId", "urlCiphertext", "urlKeyId", version FROM mcp_servers WHERE id = $1`,
  },
  catalog: { name: "gw_catalog", text: `SELECT name, status, fingerprint, "driftFingerprint", "inputSchema" FROM tools WHERE "serverId" = $1` },
};

export async function loadGrant(db: Database, tokenHash: string): Promise<GrantRecord | null> {
  const { rows } = await db.query<GrantRecord>({ ...queries.grant, values: [tokenHash] });
  return rows[0] ?? null;
}

export async function loadPolicy(db: Database, policyId: string): Promise<PolicyRecord | null> {
  const { rows } = await db.query<{ id: string; orgId: string; serverId: string; version: number; document: unknown }>({ ...queries.policy, values: [policyId] });
  const row = rows[0];
  if (!row) return null;
  const base = { id: row.id, orgId: row.orgId, serverId: row.serverId, version: row.version };
  const parsed = parsePolicy(row.document);
  if (!parsed.ok) return { ...base, compiled: null, error: `the stored policy is invalid at ${parsed.errors[0]?.pointer ?? "/"}` };
  try {
    return { ...base, compiled: compilePolicy(parsed.policy) };
  } catch (error) {
    return { ...base, compiled: null, error: `the policy could not be compiled: ${(error as Error).message}` };
  }
}

type ServerRow = {
  id: string; orgId: string; name: string; transport: "http" | "stdio"; url: string | null; command: string | null; args: string[];
  secretsCiphertext: string | null; secretsKeyId: string | null; urlCiphertext: string | null; urlKeyId: string | null; version: number;
};

function secretsOf(row: ServerRow): Record<string, string> {
  if (!row.secretsCiphertext || !row.secretsKeyId) return {};
  return decryptSecret<Record<string, string>>({ ciphertext: row.secretsCiphertext, keyId: row.secretsKeyId }, { aad: serverSecretAad(row.id) });
}

export async function loadServer(db: Database, serverId: string): Promise<ServerRecord | null> {
  const { rows } = await db.query<ServerRow>({ ...queries.server, values: [serverId] });
  const row = rows[0];
  if (!row) return null;
  const secrets = secretsOf(row);
  const config: UpstreamConfig =
    row.transport === "http"
      ? { transport: "http", url: openUrl(row) ?? "", headers: secrets }
      : { transport: "stdio", command: row.command ?? "", args: row.args, env: secrets };
  return { id: row.id, orgId: row.orgId, name: row.name, version: row.version, config };
}

export async function loadCatalogStates(db: Database, serverId: string): Promise<Map<string, ToolState>> {
  const { rows } = await db.query<{ name: string } & ToolState>({ ...queries.catalog, values: [serverId] });
  return new Map(rows.map((row) => [row.name, { status: row.status, fingerprint: row.fingerprint, driftFingerprint: row.driftFingerprint, inputSchema: row.inputSchema }]));
}

/** Current versions of the given rows, for the periodic backstop check. */
export async function currentVersions(db: Database, table: "grants" | "policies" | "mcp_servers", ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const column = table === "policies" ? `"currentVersion"` : "version";
  const { rows } = await db.query<{ id: string; version: number }>(`SELECT id, ${column} AS version FROM ${table} WHERE id = ANY($1)`, [ids]);
  return new Map(rows.map((row) => [row.id, row.version]));
}
