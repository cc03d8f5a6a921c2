// Changing a registered server without starting over: its name, where it is reached (URL, or
// command and args) and its secrets. A change to the connection is checked like a registration
// (SSRF, stdio allowed), connected and listed before anything is stored, so a bad edit leaves the
// server as it was. The catalog then re-syncs with the usual drift rules; policies and grants are
// kept. Gateway workers replace the upstream connection when the row's version moves (NOTIFY).
import { recordAudit } from "@/lib/audit/prisma-runner";
import { syncCatalog, type CatalogSyncResult, type ListedTool } from "@/lib/data/catalog";
import type { Actor } from "@/lib/data/control-events";
import { decryptSecrets, describeConnectError, listUpstreamTools, upstreamConfig } from "@/lib/data/server-connect";
import { assertNameFree, checkUpstreamTarget, control, encrypted, invalid } from "@/lib/data/server-registration";
import { getServer, type ServerView } from "@/lib/data/servers";
import { openUrl, sealUrl } from "@/lib/data/server-url";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { maskUrl, restoreMaskedSecrets, urlSecretMask } from "@/lib/upstream/secret-url";
import { envNameSchema, headerNameSchema, type UpdateServerBody } from "@/lib/schemas/server";

export type ServerEditOutcome = { server: ServerView; sync: CatalogSyncResult | null; changed: string[] };

type Stored = { transport: "http" | "stdio"; url: string | null; command: string | null; args: string[] };

/** The fields of the other transport are refused at their name, not silently ignored. */
function assertFitsTransport(transport: Stored["transport"], body: UpdateServerBody): void {
  if (transport === "http") {
    if (body.command !== undefined) throw invalid("command", "This server is reached over HTTP: change its url, not a command");
    if (body.args !== undefined) throw invalid("args", "This server is reached over HTTP: it has no arguments");
  } else if (body.url !== undefined) {
    throw invalid("url", "This server runs as a command (stdio): change its command, not a url");
  }
}

function mergedSecrets(transport: Stored["transport"], current: Record<string, string>, changes: Record<string, string | null>) {
  const nameSchema = transport === "http" ? headerNameSchema : envNameSchema;
  const secrets = { ...current };
  for (const [name, value] of Object.entries(changes)) {
    const checked = nameSchema.safeParse(name);
    if (!checked.success) throw invalid(`secrets/${name}`, `${name} ${checked.error.issues[0]?.message ?? "is not a valid name"}`);
    if (value === null) delete secrets[name];
    else secrets[name] = value;
  }
  return secrets;
}

/** Applies the change; only the connection fields make it reconnect and re-sync the catalog. */
export async function updateServer(orgId: string, serverId: string, body: UpdateServerBody, actor: Actor): Promise<ServerEditOutcome> {
  const row = await db.mcpServer.findFirst({ where: { id: serverId, orgId } });
  if (!row) throw notFound("Server not found");
  assertFitsTransport(row.transport, body);
  const name = body.name !== undefined && body.name !== row.name ? body.name : undefined;
  if (name !== undefined) await assertNameFree(orgId, name, serverId);
  // The URL as it really is: a key in its query string is stored encrypted, and an edited URL
  // that still shows ••• for it keeps the key.
  const currentUrl = openUrl(row);
  const next: Stored = { transport: row.transport, url: body.url !== undefined ? restoreMaskedSecrets(body.url, currentUrl) : currentUrl, command: body.command ?? row.command, args: body.args ?? row.args };
  const secrets = body.secrets ? mergedSecrets(row.transport, decryptSecrets(row), body.secrets) : null;
  if (next.url && maskUrl(next.url) !== next.url && next.url.includes(urlSecretMask)) {
    throw invalid("url", "Type the key in the URL again: ••• stands for a value this server does not have");
  }
  const changed = [
    ...(name !== undefined ? ["name"] : []),
    ...(next.url !== currentUrl ? ["url"] : []),
    ...(next.command !== row.command ? ["command"] : []),
    ...(JSON.stringify(next.args) !== JSON.stringify(row.args) ? ["args"] : []),
    ...(secrets ? ["secrets"] : []),
  ];
  const reconnect = changed.some((field) => field !== "name");
  let tools: ListedTool[] | null = null;
  if (reconnect) {
    await checkUpstreamTarget(orgId, next);
    try {
      tools = await listUpstreamTools(upstreamConfig({ ...next, secretsCiphertext: null, secretsKeyId: null }, secrets ?? decryptSecrets(row)));
    } catch (error) {
      throw invalid(row.transport === "http" ? "url" : "command", `Could not connect and list the tools: ${describeConnectError(error)}`);
    }
  }
  try {
    await db.$transaction(async (tx) => {
      const updated = await tx.mcpServer.updateMany({
        where: { id: serverId, orgId },
        data: {
          ...(name !== undefined ? { name } : {}),
          ...(reconnect ? { ...sealUrl(serverId, next.url), command: next.command, args: next.args, status: "connected", statusMessage: null, lastSyncedAt: new Date() } : {}),
          ...(secrets ? encrypted(serverId, secrets) : {}),
        },
      });
      if (updated.count === 0) throw notFound("Server not found");
      // Names of what changed, never values: a URL or a secret may carry a key.
      const secretNames = body.secrets ? Object.keys(body.secrets) : [];
      await recordAudit(tx, orgId, [control(actor, { method: "server/update", decision: "updated", serverId, detail: { changed, ...(secretNames.length ? { secretNames } : {}) } })]);
    });
  } catch (error) {
    // Another rename took the name between the check and the update.
    if (name !== undefined && error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") await assertNameFree(orgId, name, serverId);
    throw error;
  }
  const sync = tools ? await syncCatalog(orgId, serverId, tools) : null;
  return { server: await getServer(orgId, serverId), sync, changed };
}
