// A server's tool catalog as last listed, and the defence against "rug pulls": a tool whose
// definition (name, description, input schema, annotations) changes after it was recorded is
// quarantined (hidden and refused) until a person approves the change, and an audit event
// records the old and new fingerprints. Every change commits with its audit rows.
import { recordAudit } from "@/lib/audit/prisma-runner";
import type { AuditEventInput } from "@/lib/audit/types";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { classifyTool, toolFingerprint, type ToolDescriptor } from "@/lib/risk";

export type ListedTool = ToolDescriptor & { title?: string };
export type CatalogStatus = "active" | "quarantined" | "removed";
export type CatalogEntry = { name: string; status: CatalogStatus; fingerprint: string };
export type CatalogSyncResult = {
  added: string[];
  quarantined: string[];
  removed: string[];
  restored: string[];
  /** Every tool of the server after the sync, removed ones included. */
  catalog: CatalogEntry[];
};

type ToolRow = Prisma.ToolGetPayload<object>;
type Change = { kind: keyof Omit<CatalogSyncResult, "catalog">; name: string; update?: Prisma.ToolUpdateManyMutationInput; event?: AuditEventInput };
const json = (value: unknown) => (value ?? {}) as Prisma.InputJsonValue;

function describe(tool: ListedTool) {
  const descriptor = { name: tool.name, description: tool.description ?? "", inputSchema: tool.inputSchema ?? {}, annotations: tool.annotations ?? {} };
  return { descriptor, fingerprint: toolFingerprint(descriptor) };
}

/** What one listed tool means for its stored row (undefined: nothing changes). */
function changeFor(row: ToolRow, tool: ListedTool, serverId: string): Change | undefined {
  const { descriptor, fingerprint } = describe(tool);
  if (fingerprint === row.fingerprint) {
    if (row.status === "active") return undefined;
    const clear = {
      status: "active" as const, driftDescription: null, driftInputSchema: Prisma.DbNull, driftAnnotations: Prisma.DbNull,
      driftFingerprint: null, driftDetectedAt: null,
    };
    return {
      kind: "restored", name: row.name, update: clear,
      event: { kind: "catalog", method: "catalog/sync", serverId, tool: row.name, decision: row.status === "quarantined" ? "drift_reverted" : "tool_restored",
        detail: { fingerprint } },
    };
  }
  if (row.status === "quarantined" && row.driftFingerprint === fingerprint) return undefined;
  return {
    kind: "quarantined", name: row.name,
    update: {
      status: "quarantined", driftDescription: descriptor.description, driftInputSchema: json(descriptor.inputSchema),
      driftAnnotations: json(descriptor.annotations), driftFingerprint: fingerprint, driftDetectedAt: new Date(),
    },
    event: {
      kind: "catalog", method: "catalog/sync", serverId, tool: row.name, decision: "quarantined",
      reason: "The tool's definition changed since it was approved; it is hidden and refused until a person reviews it.",
      detail: { oldFingerprint: row.fingerprint, newFingerprint: fingerprint, previousStatus: row.status },
    },
  };
}

function newToolData(orgId: string, serverId: string, tool: ListedTool): Prisma.ToolCreateManyInput {
  const { descriptor, fingerprint } = describe(tool);
  const { class: toolClass, risk, classReasons, riskReasons } = classifyTool(descriptor);
  return {
    orgId, serverId, name: tool.name, description: descriptor.description, inputSchema: json(descriptor.inputSchema),
    annotations: json(descriptor.annotations), class: toolClass, risk, classReasons, riskReasons, fingerprint, status: "active",
  };
}

/** Stores the server's tool list as the upstream just gave it; see the file comment for the rules. */
export async function syncCatalog(orgId: string, serverId: string, listed: readonly ListedTool[]): Promise<CatalogSyncResult> {
  const unique = [...new Map(listed.map((tool) => [tool.name, tool])).values()];
  return db.$transaction(async (tx) => {
    // One sync per server at a time (across gateway workers too), so a change is recorded once.
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM mcp_servers WHERE id = ${serverId} AND "orgId" = ${orgId} FOR UPDATE`;
    if (locked.length === 0) throw notFound("Server not found");
    const rows = await tx.tool.findMany({ where: { orgId, serverId } });
    const byName = new Map(rows.map((row) => [row.name, row]));
    const fresh = unique.filter((tool) => !byName.has(tool.name));
    const changes = unique.flatMap((tool) => {
      const row = byName.get(tool.name);
      const change = row ? changeFor(row, tool, serverId) : undefined;
      return change ? [change] : [];
    });
    const listedNames = new Set(unique.map((tool) => tool.name));
    const gone = rows.filter((row) => row.status !== "removed" && !listedNames.has(row.name)).map((row) => row.name);
    if (fresh.length > 0) await tx.tool.createMany({ data: fresh.map((tool) => newToolData(orgId, serverId, tool)) });
    for (const change of changes) await tx.tool.updateMany({ where: { orgId, serverId, name: change.name }, data: change.update! });
    if (gone.length > 0) await tx.tool.updateMany({ where: { orgId, serverId, name: { in: gone } }, data: { status: "removed" } });
    const events = changes.flatMap((change) => (change.event ? [change.event] : []));
    if (fresh.length > 0) events.push({ kind: "catalog", method: "catalog/sync", serverId, decision: "tools_added", detail: { tools: fresh.map((t) => t.name) } });
    if (gone.length > 0) events.push({ kind: "catalog", method: "catalog/sync", serverId, decision: "tools_removed", detail: { tools: gone } });
    await recordAudit(tx, orgId, events);
    const catalog = await tx.tool.findMany({ where: { orgId, serverId }, select: { name: true, status: true, fingerprint: true } });
    const names = (kind: Change["kind"]) => changes.filter((c) => c.kind === kind).map((c) => c.name);
    return { added: fresh.map((t) => t.name), quarantined: names("quarantined"), removed: gone, restored: names("restored"), catalog };
  }, { maxWait: 10_000, timeout: 30_000 }); // one sync per server at a time: a busy database may make it wait
}

/** The stored catalog, for a gateway worker that starts or reloads. */
export async function loadCatalog(orgId: string, serverId: string): Promise<CatalogEntry[]> {
  return db.tool.findMany({ where: { orgId, serverId }, select: { name: true, status: true, fingerprint: true } });
}
