// A person's decision about a quarantined tool (one whose definition changed upstream): approve
// the new definition, which becomes the approved one, or keep the tool blocked. Either way the
// decision is an audit event committed with it.
import { recordAudit } from "@/lib/audit/prisma-runner";
import type { Actor } from "@/lib/data/control-events";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { classifyTool } from "@/lib/risk/classify-tool";

const asObject = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

async function quarantined(orgId: string, serverId: string, toolName: string) {
  const tool = await db.tool.findFirst({ where: { orgId, serverId, name: toolName } });
  if (!tool) throw notFound("Tool not found");
  if (tool.status !== "quarantined" || !tool.driftFingerprint) {
    throw new AppError({ code: "conflict", message: `${toolName} has no change waiting for review` });
  }
  return tool;
}

/** The announced definition becomes the approved one; the tool is active again, re-classified. */
export async function approveToolChange(orgId: string, serverId: string, toolName: string, actor: Actor): Promise<void> {
  const tool = await quarantined(orgId, serverId, toolName);
  const descriptor = {
    name: tool.name,
    description: tool.driftDescription ?? "",
    inputSchema: asObject(tool.driftInputSchema),
    annotations: asObject(tool.driftAnnotations),
  };
  const { class: toolClass, risk, classReasons, riskReasons } = classifyTool(descriptor);
  await db.$transaction(async (tx) => {
    // Matching the reviewed fingerprint: if the upstream changed the tool again meanwhile, nothing is approved.
    const updated = await tx.tool.updateMany({
      where: { id: tool.id, orgId, status: "quarantined", driftFingerprint: tool.driftFingerprint },
      data: {
        description: descriptor.description,
        inputSchema: descriptor.inputSchema as Prisma.InputJsonValue,
        annotations: descriptor.annotations as Prisma.InputJsonValue,
        fingerprint: tool.driftFingerprint!,
        class: toolClass,
        risk,
        classReasons,
        riskReasons,
        status: "active",
        driftDescription: null,
        driftInputSchema: Prisma.DbNull,
        driftAnnotations: Prisma.DbNull,
        driftFingerprint: null,
        driftDetectedAt: null,
      },
    });
    if (updated.count === 0) throw new AppError({ code: "conflict", message: `${toolName} changed again while you reviewed it: review the new change` });
    await recordAudit(tx, orgId, [{
      kind: "control", method: "catalog/review", decision: "drift_approved", serverId, tool: toolName, actorUserId: actor.userId,
      detail: { oldFingerprint: tool.fingerprint, newFingerprint: tool.driftFingerprint, class: toolClass, risk, ...(actor.apiKeyId ? { apiKeyId: actor.apiKeyId } : {}) },
    }]);
  });
}

/** The tool stays hidden and refused; the decision is recorded so the team sees it was reviewed. */
export async function keepToolBlocked(orgId: string, serverId: string, toolName: string, actor: Actor): Promise<void> {
  const tool = await quarantined(orgId, serverId, toolName);
  await db.$transaction((tx) =>
    recordAudit(tx, orgId, [{
      kind: "control", method: "catalog/review", decision: "drift_kept_blocked", serverId, tool: toolName, actorUserId: actor.userId,
      reason: "A person reviewed the changed definition and kept the tool blocked.",
      detail: { approvedFingerprint: tool.fingerprint, rejectedFingerprint: tool.driftFingerprint, ...(actor.apiKeyId ? { apiKeyId: actor.apiKeyId } : {}) },
    }]),
  );
}

/** When each quarantined tool of a server was last kept blocked, from the audit log. */
export async function keptBlockedAt(orgId: string, serverId: string): Promise<Map<string, Date>> {
  const rows = await db.auditEvent.findMany({
    where: { orgId, serverId, method: "catalog/review", decision: "drift_kept_blocked" },
    select: { tool: true, time: true },
    orderBy: { id: "desc" },
    take: 200,
  });
  const map = new Map<string, Date>();
  for (const row of rows) if (row.tool && !map.has(row.tool)) map.set(row.tool, row.time);
  return map;
}
