// Registered MCP servers. Every function takes the org id first and scopes every query by it.
// Secrets (upstream headers or env) are stored only as ciphertext; what leaves this module names
// them ("••••• set") but never carries a value.
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";

export type ServerView = {
  id: string;
  name: string;
  transport: "http" | "stdio";
  url: string | null;
  command: string | null;
  args: string[];
  /** Names of the headers (http) or env variables (stdio) that hold a secret value. */
  secretNames: string[];
  status: "pending" | "connected" | "error";
  statusMessage: string | null;
  lastSyncedAt: Date | null;
  toolCount: number;
  quarantinedCount: number;
  createdAt: Date;
};

export type ToolView = {
  id: string;
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  annotations: Record<string, unknown> | null;
  class: "read" | "write" | "delete";
  risk: "low" | "medium" | "high";
  /** The classifier's reasons for the class and the risk (empty for tools stored before reasons were kept). */
  reasons: { class: string[]; risk: string[] };
  fingerprint: string;
  status: "active" | "quarantined" | "removed";
  drift: { description: string; inputSchema: Record<string, unknown>; annotations: Record<string, unknown> | null; fingerprint: string; detectedAt: Date } | null;
  updatedAt: Date;
};

// Never select the ciphertext: what is not read cannot leak.
const serverSelect = {
  id: true, name: true, transport: true, url: true, command: true, args: true, secretNames: true,
  status: true, statusMessage: true, lastSyncedAt: true, createdAt: true,
} as const;

async function toolCounts(orgId: string, serverIds: string[]) {
  const rows = await db.tool.groupBy({ by: ["serverId", "status"], where: { orgId, serverId: { in: serverIds } }, _count: { _all: true } });
  return (serverId: string, status: "active" | "quarantined") =>
    rows.filter((r) => r.serverId === serverId && (status === "quarantined" ? r.status === "quarantined" : r.status !== "removed")).reduce((n, r) => n + r._count._all, 0);
}

export async function listServers(orgId: string): Promise<ServerView[]> {
  const rows = await db.mcpServer.findMany({ where: { orgId }, select: serverSelect, orderBy: { createdAt: "asc" } });
  const count = await toolCounts(orgId, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, toolCount: count(r.id, "active"), quarantinedCount: count(r.id, "quarantined") }));
}

export async function getServer(orgId: string, serverId: string): Promise<ServerView> {
  const row = await db.mcpServer.findFirst({ where: { id: serverId, orgId }, select: serverSelect });
  if (!row) throw notFound("Server not found");
  const count = await toolCounts(orgId, [row.id]);
  return { ...row, toolCount: count(row.id, "active"), quarantinedCount: count(row.id, "quarantined") };
}

const asObject = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** The server's catalog as last listed; removed tools only when asked for. */
export async function listTools(orgId: string, serverId: string, options: { includeRemoved?: boolean } = {}): Promise<ToolView[]> {
  const server = await db.mcpServer.findFirst({ where: { id: serverId, orgId }, select: { id: true } });
  if (!server) throw notFound("Server not found");
  const rows = await db.tool.findMany({
    where: { orgId, serverId, ...(options.includeRemoved ? {} : { status: { not: "removed" } }) },
    orderBy: { name: "asc" },
  });
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    description: t.description,
    inputSchema: asObject(t.inputSchema),
    annotations: t.annotations === null ? null : asObject(t.annotations),
    class: t.class,
    risk: t.risk,
    reasons: { class: t.classReasons, risk: t.riskReasons },
    fingerprint: t.fingerprint,
    status: t.status,
    drift:
      t.driftFingerprint && t.driftDetectedAt
        ? {
            description: t.driftDescription ?? "",
            inputSchema: asObject(t.driftInputSchema),
            annotations: t.driftAnnotations === null ? null : asObject(t.driftAnnotations),
            fingerprint: t.driftFingerprint,
            detectedAt: t.driftDetectedAt,
          }
        : null,
    updatedAt: t.updatedAt,
  }));
}
