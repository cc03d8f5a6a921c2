// Benchmark data: one organization with an HTTP registration of the stand-in and a stdio
// registration of the benchmark's stdio server, an allow policy, a policy with a per-grant
// counter and one with a counter the whole organization shares, and a grant for each. Raw SQL, so the
// benchmark needs nothing but a migrated database.
import pg from "pg";
import { generateToken } from "@/lib/crypto";

export type BenchGrant = { serverId: string; token: string };
export type BenchData = { orgId: string; allowHttp: BenchGrant; counterHttp: BenchGrant; allowStdio: BenchGrant; counterStdio: BenchGrant; sharedStdio: BenchGrant };

const ALLOW = { version: "1", default: "allow" };
const COUNTER = {
  version: "1",
  default: "deny",
  tools: { "*": { limits: [{ counter: "bench", window: "day", max: 1_000_000_000, scope: "grant" }] } },
};
// Every call of every grant on the same counter row: the hottest row there can be.
const SHARED = {
  version: "1",
  default: "deny",
  tools: { "*": { limits: [{ counter: "bench-shared", window: "day", max: 1_000_000_000, scope: "organization" }] } },
};

async function grantFor(client: pg.Client, orgId: string, server: { transport: string; url?: string; command?: string; args?: string[] }, document: unknown): Promise<BenchGrant> {
  const one = async (sql: string, values: unknown[]) => ((await client.query(sql, values)).rows[0] as { id: string }).id;
  const serverId = await one(
    `INSERT INTO mcp_servers ("orgId", name, transport, url, command, args, "updatedAt") VALUES ($1, $2, $3, $4, $5, $6, now()) RETURNING id`,
    [orgId, `bench-${Math.random().toString(36).slice(2, 8)}`, server.transport, server.url ?? null, server.command ?? null, server.args ?? []],
  );
  const policyId = await one(`INSERT INTO policies ("orgId", "serverId", name, "updatedAt") VALUES ($1, $2, 'bench', now()) RETURNING id`, [orgId, serverId]);
  await client.query(`INSERT INTO policy_versions ("orgId", "policyId", version, document) VALUES ($1, $2, 1, $3)`, [orgId, policyId, JSON.stringify(document)]);
  const { token, hash, displayPrefix } = generateToken("grant");
  await client.query(`INSERT INTO grants ("orgId", "serverId", "policyId", name, "tokenHash", "tokenPrefix") VALUES ($1, $2, $3, 'bench', $4, $5)`, [orgId, serverId, policyId, hash, displayPrefix]);
  return { serverId, token };
}

export async function seedBench(databaseUrl: string, standinUrl: string, stdio: { command: string; args: string[] }): Promise<BenchData> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const slug = `bench-${Date.now()}`;
    const orgId = ((await client.query(`INSERT INTO organizations (name, slug) VALUES ('Bench', $1) RETURNING id`, [slug])).rows[0] as { id: string }).id;
    const stdioServer = { transport: "stdio", command: stdio.command, args: stdio.args };
    return {
      orgId,
      allowHttp: await grantFor(client, orgId, { transport: "http", url: standinUrl }, ALLOW),
      counterHttp: await grantFor(client, orgId, { transport: "http", url: standinUrl }, COUNTER),
      allowStdio: await grantFor(client, orgId, stdioServer, ALLOW),
      counterStdio: await grantFor(client, orgId, stdioServer, COUNTER),
      sharedStdio: await grantFor(client, orgId, stdioServer, SHARED),
    };
  } finally {
    await client.end();
  }
}
