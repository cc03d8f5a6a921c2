// Per-test data for the gateway tests, made with the product's own functions: an account, a
// registered server (HTTP or stdio), a policy and a grant with its one-time token.
import { fileURLToPath } from "node:url";
import { encryptSecret } from "@/lib/crypto";
import { createGrant } from "@/lib/data/grants";
import { createPolicy } from "@/lib/data/policies";
import { db } from "@/lib/db";
import { makeAccount } from "@/tests/helpers/factories";
import { SEED_POLICY } from "@/tests/helpers/seed-policy";

export const STANDIN_MAIN = fileURLToPath(new URL("../../fixtures/mlflow-mcp/main.ts", import.meta.url));
// One process (node with tsx's loader), so killing it in a test kills the upstream itself.
const STDIO_COMMAND = process.execPath;
const STDIO_ARGS = ["--import", "tsx", STANDIN_MAIN, "--stdio"];

export { SEED_POLICY };

// Everything a test file made, removed by removeTestData() once its gateways have stopped (the
// harness rule: each test's org, user, server and grant are created and removed).
const made = { orgIds: new Set<string>(), userIds: new Set<string>() };

/** makeAccount, remembered for removeTestData(). */
export async function account(label = "gw") {
  const created = await makeAccount(label);
  made.orgIds.add(created.org.id);
  made.userIds.add(created.userId);
  return created;
}

/** Removes the organizations (and with them servers, grants, approvals, audit rows) and users made here. */
export async function removeTestData(): Promise<void> {
  await db.organization.deleteMany({ where: { id: { in: [...made.orgIds] } } });
  await db.user.deleteMany({ where: { id: { in: [...made.userIds] } } });
  made.orgIds.clear();
  made.userIds.clear();
}

export type Upstream =
  | { transport: "http"; url: string; headers?: Record<string, string> }
  | { transport: "stdio"; args?: string[]; env?: Record<string, string> };

export async function makeServer(orgId: string, upstream: Upstream, name = `mlflow-${Math.random().toString(36).slice(2, 8)}`) {
  const secrets = upstream.transport === "http" ? upstream.headers : upstream.env;
  const encrypted = secrets ? encryptSecret(secrets) : null;
  return db.mcpServer.create({
    data: {
      orgId, name, transport: upstream.transport,
      url: upstream.transport === "http" ? upstream.url : null,
      command: upstream.transport === "stdio" ? STDIO_COMMAND : null,
      args: upstream.transport === "stdio" ? [...STDIO_ARGS, ...(upstream.args ?? [])] : [],
      secretsCiphertext: encrypted?.ciphertext ?? null, secretsKeyId: encrypted?.keyId ?? null,
      secretNames: Object.keys(secrets ?? {}),
    },
  });
}

/** An org with a server, a policy (`document`) and a grant; the token is returned once. */
export async function makeSetup(upstream: Upstream, document: unknown = SEED_POLICY) {
  const { org, userId } = await account("gw");
  const server = await makeServer(org.id, upstream);
  const policy = await createPolicy(org.id, { serverId: server.id, name: "main", document }, userId);
  const grant = await createGrant(org.id, { serverId: server.id, policyId: policy.id, name: "agent" });
  return { orgId: org.id, userId, server, policy, grant, token: grant.token };
}
