// Shared by the REST API tests: requests with an API key, route params, and a server + policy row
// per organization (written directly: registering a real upstream is the servers tests' subject).
import { db } from "@/lib/db";
import type { Role } from "@/lib/auth/roles";
import { makeAccount, makeApiKey } from "../helpers/factories";

export const params = (values: Record<string, string> = {}) => ({ params: Promise.resolve(values) });

export function apiRequest(method: string, path: string, token: string | null, body?: unknown): Request {
  return new Request(`http://localhost${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "content-type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

export async function makeServerAndPolicy(orgId: string, label = "mlflow") {
  const server = await db.mcpServer.create({
    data: { orgId, name: `${label}-${Math.random().toString(36).slice(2, 8)}`, transport: "http", url: "http://127.0.0.1:1/mcp", status: "connected" },
  });
  const policy = await db.policy.create({ data: { orgId, serverId: server.id, name: "Recommended" } });
  await db.policyVersion.create({ data: { orgId, policyId: policy.id, version: 1, document: { version: "1", default: "allow", tools: {} } } });
  return { server, policy };
}

/** An org with an API key of each role, a server and a policy. */
export async function makeTenant(label: string) {
  const account = await makeAccount(label);
  const { server, policy } = await makeServerAndPolicy(account.org.id);
  const keys = {} as Record<Role, string>;
  for (const role of ["owner", "admin", "editor", "viewer"] as const) keys[role] = (await makeApiKey(account.org.id, role)).token;
  return { ...account, server, policy, keys };
}

/** A held call, as the gateway would create it. */
export async function makeApproval(orgId: string, grantId: string, serverId: string, policyId: string, expiresInMs = 600_000) {
  return db.approval.create({
    data: {
      orgId, grantId, serverId, policyId, policyVersion: 1, toolName: "delete_experiment", arguments: { experiment_id: "7" },
      argumentsHash: "h", ruleId: "/tools/delete_experiment", expiresAt: new Date(Date.now() + expiresInMs),
    },
  });
}
