// Registering, re-syncing, changing and removing MCP servers. Registration checks the URL
// (SSRF), connects and lists the tools before anything is stored, so a server that cannot be
// reached is reported at its field and leaves no row behind. Secrets are encrypted at rest.
import { recordAudit } from "@/lib/audit/prisma-runner";
import type { AuditEventInput } from "@/lib/audit/types";
import { randomUUID } from "node:crypto";
import { encryptSecret, isUnboundSecret, primaryKeyId, serverSecretAad } from "@/lib/crypto";
import { syncCatalog, type CatalogSyncResult, type ListedTool } from "@/lib/data/catalog";
import type { Actor } from "@/lib/data/control-events";
import { checkUpstreamUrl, decryptSecrets, describeConnectError, listUpstreamTools, upstreamConfig } from "@/lib/data/server-connect";
import { getServer, type ServerView } from "@/lib/data/servers";
import { openUrl, sealUrl } from "@/lib/data/server-url";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { envNameSchema, headerNameSchema, type RegisterServerBody } from "@/lib/schemas/server";

export const invalid = (field: string, message: string) =>
  new AppError({ code: "unprocessable", message, pointer: `/${field}`, fields: { [field]: message } });

export const control = (actor: Actor, event: Omit<AuditEventInput, "kind" | "actorUserId">): AuditEventInput => ({
  ...event,
  kind: "control",
  actorUserId: actor.userId,
  detail: { ...(event.detail ?? {}), ...(actor.apiKeyId ? { apiKeyId: actor.apiKeyId } : {}) },
});

export function encrypted(serverId: string, secrets: Record<string, string>) {
  const names = Object.keys(secrets).sort();
  if (names.length === 0) return { secretsCiphertext: null, secretsKeyId: null, secretNames: [] };
  const { ciphertext, keyId } = encryptSecret(secrets, { aad: serverSecretAad(serverId) });
  return { secretsCiphertext: ciphertext, secretsKeyId: keyId, secretNames: names };
}

export async function assertNameFree(orgId: string, name: string, exceptId?: string): Promise<void> {
  const taken = await db.mcpServer.findFirst({ where: { orgId, name, ...(exceptId ? { id: { not: exceptId } } : {}) }, select: { id: true } });
  if (taken) throw new AppError({ code: "conflict", message: "A server with this name is already registered", pointer: "/name", fields: { name: "A server with this name is already registered" } });
}

const listOf = (value: string | undefined) => (value ?? "").split(",").map((v) => v.trim()).filter(Boolean);

/** The operator's narrowing of WARDEN_ALLOW_STDIO: which commands (by basename), which organizations. */
async function assertStdioAllowed(orgId: string, command: string): Promise<void> {
  const commands = listOf(env().WARDEN_STDIO_COMMANDS);
  const basename = command.split(/[\\/]/).pop() ?? command;
  if (commands.length > 0 && !commands.includes(basename)) {
    throw invalid("command", `This installation allows only these stdio commands: ${commands.join(", ")} (WARDEN_STDIO_COMMANDS)`);
  }
  const orgs = listOf(env().WARDEN_STDIO_ORGS);
  if (orgs.length === 0) return;
  const org = await db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { slug: true } });
  if (!orgs.includes(orgId) && !orgs.includes(org.slug)) {
    throw invalid("transport", "Stdio servers are not enabled for this organization on this installation (WARDEN_STDIO_ORGS)");
  }
}

/**
 * What registration and an edit both check before connecting: stdio must be allowed on the
 * installation (and for this organization and command), and an http URL must pass the SSRF
 * checks. The error names the field.
 */
export async function checkUpstreamTarget(orgId: string, target: { transport: "http" | "stdio"; url: string | null; command: string | null }): Promise<void> {
  if (target.transport === "stdio" && !env().WARDEN_ALLOW_STDIO) {
    throw invalid("transport", "Stdio servers are turned off on this installation: the operator sets WARDEN_ALLOW_STDIO=1 to allow them");
  }
  if (target.transport === "stdio") await assertStdioAllowed(orgId, target.command ?? "");
  if (target.transport === "http") await checkUpstreamUrl(target.url ?? "").catch((error: Error) => Promise.reject(invalid("url", error.message)));
}

/** Checks the URL, connects, lists the tools, then stores the server and its catalog. */
export async function registerServer(orgId: string, body: RegisterServerBody, actor: Actor): Promise<{ server: ServerView; sync: CatalogSyncResult }> {
  await checkUpstreamTarget(orgId, body.transport === "http" ? { transport: "http", url: body.url, command: null } : { transport: "stdio", url: null, command: body.command });
  await assertNameFree(orgId, body.name);
  const secrets = (body.transport === "http" ? body.headers : body.env) ?? {};
  const stored = body.transport === "http"
    ? { transport: "http" as const, url: body.url, command: null, args: [] }
    : { transport: "stdio" as const, url: null, command: body.command, args: body.args ?? [] };
  let tools: ListedTool[];
  try {
    tools = await listUpstreamTools(upstreamConfig({ ...stored, secretsCiphertext: null, secretsKeyId: null }, secrets));
  } catch (error) {
    throw invalid(body.transport === "http" ? "url" : "command", `Could not connect and list the tools: ${describeConnectError(error)}`);
  }
  const id = await createRow(orgId, body.name, stored, secrets, actor, tools.length);
  try {
    const sync = await syncCatalog(orgId, id, tools);
    return { server: await getServer(orgId, id), sync };
  } catch (error) {
    await db.mcpServer.deleteMany({ where: { id, orgId } });
    throw error;
  }
}

async function createRow(orgId: string, name: string, stored: { transport: "http" | "stdio"; url: string | null; command: string | null; args: string[] }, secrets: Record<string, string>, actor: Actor, toolCount: number) {
  try {
    // The id is chosen here (same shape as the column default) so the secrets can be bound to it.
    const id = `srv_${randomUUID().replace(/-/g, "")}`;
    return await db.$transaction(async (tx) => {
      const row = await tx.mcpServer.create({
        data: { id, orgId, name, ...stored, ...sealUrl(id, stored.url), ...encrypted(id, secrets), status: "connected", statusMessage: null, lastSyncedAt: new Date() },
        select: { id: true },
      });
      await recordAudit(tx, orgId, [control(actor, { method: "server/register", decision: "registered", serverId: row.id, detail: { name, transport: stored.transport, toolCount, secretNames: Object.keys(secrets) } })]);
      return row.id;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") await assertNameFree(orgId, name);
    throw error;
  }
}

type SecretColumns = { id: string; secretsCiphertext: string | null; secretsKeyId: string | null; url: string | null; urlCiphertext: string | null; urlKeyId: string | null };

/** After the operator adds a new primary key, a sync re-encrypts the server's secrets with it (and binds older ciphertexts to the row). */
function rotated(row: SecretColumns) {
  const url = row.urlCiphertext && row.urlKeyId !== primaryKeyId() ? sealUrl(row.id, openUrl(row)) : {};
  if (!row.secretsCiphertext || !row.secretsKeyId) return url;
  const secrets = decryptSecrets(row);
  const fresh = encryptSecret(secrets, { aad: serverSecretAad(row.id) });
  const unbound = isUnboundSecret({ ciphertext: row.secretsCiphertext, keyId: row.secretsKeyId });
  return fresh.keyId === row.secretsKeyId && !unbound ? url : { ...url, secretsCiphertext: fresh.ciphertext, secretsKeyId: fresh.keyId };
}

export type SyncOutcome = { ok: true; server: ServerView; sync: CatalogSyncResult } | { ok: false; server: ServerView; message: string };

/** Connects again and refreshes the catalog; a failure is recorded as the server's status. */
export async function syncServer(orgId: string, serverId: string): Promise<SyncOutcome> {
  const row = await db.mcpServer.findFirst({ where: { id: serverId, orgId } });
  if (!row) throw notFound("Server not found");
  let tools: ListedTool[];
  try {
    const url = openUrl(row);
    if (row.transport === "http") await checkUpstreamUrl(url ?? "");
    tools = await listUpstreamTools(upstreamConfig({ ...row, url }, decryptSecrets(row)));
  } catch (error) {
    const message = describeConnectError(error);
    await db.mcpServer.updateMany({ where: { id: serverId, orgId }, data: { status: "error", statusMessage: message } });
    return { ok: false, server: await getServer(orgId, serverId), message };
  }
  const sync = await syncCatalog(orgId, serverId, tools);
  await db.mcpServer.updateMany({ where: { id: serverId, orgId }, data: { status: "connected", statusMessage: null, lastSyncedAt: new Date(), ...rotated(row) } });
  return { ok: true, server: await getServer(orgId, serverId), sync };
}

/**
 * Sets, replaces (a value) or removes (null) secrets by name; names not mentioned keep their
 * value. Values are write-only: nobody, not even an owner, reads them back.
 */
export async function updateServerSecrets(orgId: string, serverId: string, changes: Record<string, string | null>, actor: Actor): Promise<ServerView> {
  const row = await db.mcpServer.findFirst({ where: { id: serverId, orgId } });
  if (!row) throw notFound("Server not found");
  const nameSchema = row.transport === "http" ? headerNameSchema : envNameSchema;
  for (const name of Object.keys(changes)) {
    const checked = nameSchema.safeParse(name);
    if (!checked.success) throw invalid(`secrets/${name}`, `${name} ${checked.error.issues[0]?.message ?? "is not a valid name"}`);
  }
  const secrets = decryptSecrets(row);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) delete secrets[name];
    else secrets[name] = value;
  }
  await db.$transaction(async (tx) => {
    const updated = await tx.mcpServer.updateMany({ where: { id: serverId, orgId }, data: { ...encrypted(serverId, secrets), version: { increment: 1 } } });
    if (updated.count === 0) throw notFound("Server not found");
    await recordAudit(tx, orgId, [control(actor, { method: "server/secrets", decision: "updated", serverId, detail: { changed: Object.keys(changes) } })]);
  });
  return getServer(orgId, serverId);
}

/** Removes the server with its tools, policies and grants (the gateway stops serving it). */
export async function deleteServer(orgId: string, serverId: string, actor: Actor): Promise<void> {
  await db.$transaction(async (tx) => {
    const deleted = await tx.mcpServer.deleteMany({ where: { id: serverId, orgId } });
    if (deleted.count === 0) throw notFound("Server not found");
    await recordAudit(tx, orgId, [control(actor, { method: "server/delete", decision: "deleted", serverId })]);
  });
}
