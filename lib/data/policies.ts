// Policies and their immutable versions. Every function takes the org id first and scopes every
// query by it; a row of another organization is "not found". A save never edits a version: it
// inserts the next one and moves Policy.currentVersion, in one transaction. Gateway workers hear of it through the
// database's NOTIFY triggers (prisma/migrations/…_gateway_triggers_counters).
import { recordAudit } from "@/lib/audit/prisma-runner";
import { recordControlEvent, type Actor } from "@/lib/data/control-events";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { parsePolicy, type PolicyDocument } from "@/lib/schemas/policy";

export type PolicySummary = {
  id: string;
  name: string;
  serverId: string;
  serverName: string;
  currentVersion: number;
  updatedAt: Date;
};
export type PolicyDetail = PolicySummary & { document: PolicyDocument; savedAt: Date };
export type PolicyVersionSummary = { version: number; author: string; authorId: string | null; note: string | null; createdAt: Date };
export type PolicyVersionDetail = PolicyVersionSummary & { document: PolicyDocument };

/** Validates with the gateway's schema; errors point into the request body (`/document/...`). */
export function validDocumentOrThrow(document: unknown, base = "/document"): PolicyDocument {
  const parsed = parsePolicy(document);
  if (parsed.ok) return parsed.policy;
  const first = parsed.errors[0]!;
  const pointer = `${base}${first.pointer}`;
  const more = parsed.errors.length > 1 ? ` (and ${parsed.errors.length - 1} more)` : "";
  throw new AppError({ code: "unprocessable", message: `${pointer || "document"} ${first.message}${more}`, pointer });
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

const summarySelect = { id: true, name: true, serverId: true, currentVersion: true, updatedAt: true, server: { select: { name: true } } } as const;
type SummaryRow = { id: string; name: string; serverId: string; currentVersion: number; updatedAt: Date; server: { name: string } };
const toSummary = (row: SummaryRow): PolicySummary => ({
  id: row.id,
  name: row.name,
  serverId: row.serverId,
  serverName: row.server.name,
  currentVersion: row.currentVersion,
  updatedAt: row.updatedAt,
});

export async function listPolicies(orgId: string, filter: { serverId?: string } = {}): Promise<PolicySummary[]> {
  const rows = await db.policy.findMany({
    where: { orgId, ...(filter.serverId ? { serverId: filter.serverId } : {}) },
    select: summarySelect,
    orderBy: [{ updatedAt: "desc" }],
  });
  return rows.map(toSummary);
}

export async function getPolicy(orgId: string, policyId: string): Promise<PolicyDetail> {
  const row = await db.policy.findFirst({ where: { id: policyId, orgId }, select: summarySelect });
  if (!row) throw notFound("Policy not found");
  const version = await db.policyVersion.findFirst({ where: { orgId, policyId, version: row.currentVersion } });
  if (!version) throw notFound("Policy not found");
  return { ...toSummary(row), document: version.document as PolicyDocument, savedAt: version.createdAt };
}

export type CreatePolicyInput = { serverId: string; name: string; document: unknown };

type Tx = Prisma.TransactionClient;

/** The change itself goes into the organization's audit log, in the same transaction. */
function auditChange(tx: Tx, orgId: string, event: { method: string; decision: string; serverId?: string; policyId: string; version: number; authorId: string | null; apiKeyId?: string | null; note?: string | null }) {
  return recordAudit(tx, orgId, [{
    kind: "control", method: event.method, decision: event.decision, serverId: event.serverId ?? null, policyId: event.policyId, policyVersion: event.version,
    actorUserId: event.authorId, reason: event.note ?? null, detail: event.apiKeyId ? { apiKeyId: event.apiKeyId } : null,
  }]);
}

export async function createPolicy(orgId: string, input: CreatePolicyInput, authorId: string | null, apiKeyId: string | null = null): Promise<PolicyDetail> {
  const document = validDocumentOrThrow(input.document);
  const server = await db.mcpServer.findFirst({ where: { id: input.serverId, orgId }, select: { id: true } });
  if (!server) throw new AppError({ code: "not_found", message: "Server not found", pointer: "/serverId" });
  try {
    const id = await db.$transaction(async (tx) => {
      const policy = await tx.policy.create({ data: { orgId, serverId: server.id, name: input.name, currentVersion: 1 } });
      await tx.policyVersion.create({ data: { orgId, policyId: policy.id, version: 1, document, authorId, note: "Created" } });
      await auditChange(tx, orgId, { method: "policy/create", decision: "created", serverId: server.id, policyId: policy.id, version: 1, authorId, apiKeyId });
      return policy.id;
    });
    return getPolicy(orgId, id);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError({ code: "conflict", message: "This server already has a policy with that name", pointer: "/name", fields: { name: "This server already has a policy with that name" } });
    }
    throw error;
  }
}

export type SavePolicyOptions = { authorId: string | null; apiKeyId?: string | null; note?: string | null; baseVersion?: number };

/**
 * Saves a new version. With `baseVersion`, the save is refused when someone else saved after
 * that version was loaded, so nobody silently overwrites a colleague's change.
 */
export async function savePolicyVersion(orgId: string, policyId: string, input: unknown, options: SavePolicyOptions): Promise<{ id: string; version: number }> {
  const document = validDocumentOrThrow(input);
  const version = await db.$transaction(async (tx) => {
    const where = { id: policyId, orgId, ...(options.baseVersion === undefined ? {} : { currentVersion: options.baseVersion }) };
    // The row lock taken here serialises concurrent saves of the same policy.
    const bumped = await tx.policy.updateMany({ where, data: { currentVersion: { increment: 1 } } });
    if (bumped.count === 0) {
      const current = await tx.policy.findFirst({ where: { id: policyId, orgId }, select: { currentVersion: true } });
      if (!current) throw notFound("Policy not found");
      throw new AppError({ code: "conflict", message: `Version ${current.currentVersion} was saved meanwhile: reload to see it before saving` });
    }
    const { currentVersion } = await tx.policy.findFirstOrThrow({ where: { id: policyId, orgId }, select: { currentVersion: true } });
    await tx.policyVersion.create({ data: { orgId, policyId, version: currentVersion, document, authorId: options.authorId, note: options.note ?? null } });
    await auditChange(tx, orgId, { method: "policy/save", decision: "saved", policyId, version: currentVersion, authorId: options.authorId, apiKeyId: options.apiKeyId, note: options.note });
    return currentVersion;
  });
  return { id: policyId, version };
}

/** Restoring never rewrites history: the old document becomes the newest version. */
export async function restorePolicyVersion(orgId: string, policyId: string, version: number, authorId: string | null, apiKeyId: string | null = null) {
  const old = await getPolicyVersion(orgId, policyId, version);
  return savePolicyVersion(orgId, policyId, old.document, { authorId, apiKeyId, note: `Restored version ${version}` });
}

async function authorNames(ids: (string | null)[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((id): id is string => id !== null))];
  if (unique.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: unique } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u.name]));
}

export async function listPolicyVersions(orgId: string, policyId: string, options: { limit?: number } = {}): Promise<PolicyVersionDetail[]> {
  const policy = await db.policy.findFirst({ where: { id: policyId, orgId }, select: { id: true } });
  if (!policy) throw notFound("Policy not found");
  const rows = await db.policyVersion.findMany({
    where: { orgId, policyId },
    orderBy: { version: "desc" },
    take: Math.min(Math.max(options.limit ?? 50, 1), 200),
  });
  const names = await authorNames(rows.map((r) => r.authorId));
  return rows.map((r) => versionDetail(r, names));
}

type VersionRow = { version: number; authorId: string | null; note: string | null; createdAt: Date; document: unknown };

function versionDetail(row: VersionRow, names: Map<string, string>): PolicyVersionDetail {
  return {
    version: row.version,
    authorId: row.authorId,
    author: row.authorId ? (names.get(row.authorId) ?? "A former member") : "API key",
    note: row.note,
    createdAt: row.createdAt,
    document: row.document as PolicyDocument,
  };
}

export async function getPolicyVersion(orgId: string, policyId: string, version: number): Promise<PolicyVersionDetail> {
  const row = await db.policyVersion.findFirst({ where: { orgId, policyId, version } });
  if (!row) throw notFound("Version not found");
  return versionDetail(row, await authorNames([row.authorId]));
}

/**
 * Deletes a policy that no grant uses. A grant that is not revoked (active or expired, whose
 * expiry may still move) keeps its policy: the refusal names those grants. Revoked grants go
 * with the policy; their calls stay in the audit log.
 */
export async function deletePolicy(orgId: string, policyId: string, actor: Actor): Promise<void> {
  await db.$transaction(async (tx) => {
    // The row lock makes a concurrent grant create or move onto this policy wait (its foreign key
    // check needs a share lock), so the grants counted below are all there are.
    const locked = await tx.$queryRaw<{ serverId: string; name: string }[]>`SELECT "serverId", name FROM policies WHERE id = ${policyId} AND "orgId" = ${orgId} FOR UPDATE`;
    const policy = locked[0];
    if (!policy) throw notFound("Policy not found");
    const users = await tx.grant.findMany({ where: { orgId, policyId, revokedAt: null }, select: { name: true }, orderBy: { createdAt: "asc" }, take: 21 });
    if (users.length > 0) {
      const names = users.slice(0, 20).map((g) => `“${g.name}”`).join(", ") + (users.length > 20 ? " and more" : "");
      throw new AppError({ code: "conflict", message: `Grants use this policy: ${names}. Move them to another policy or revoke them first.` });
    }
    await tx.policy.deleteMany({ where: { id: policyId, orgId } });
    await recordControlEvent(orgId, actor, { method: "policy/delete", decision: "deleted", serverId: policy.serverId, policyId, detail: { name: policy.name } }, tx);
  });
}

/** The grants that use a policy, for the simulator's grant picker. */
export async function listPolicyGrants(orgId: string, policyId: string): Promise<{ id: string; name: string }[]> {
  return db.grant.findMany({ where: { orgId, policyId, revokedAt: null }, select: { id: true, name: true }, orderBy: { createdAt: "asc" }, take: 100 });
}
