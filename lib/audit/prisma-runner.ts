// The app's side: the same append and verification over Prisma (a transaction client for
// appends, so an audit row commits with the change it records).
import { db } from "@/lib/db";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { appendAuditEvents } from "@/lib/audit/append";
import type { AuditEventInput, SqlRunner } from "@/lib/audit/types";
import { verifyAuditChainWith, type ChainVerification } from "@/lib/audit/verify";

export function prismaRunner(client: Prisma.TransactionClient | PrismaClient): SqlRunner {
  return { query: (sql, params) => client.$queryRawUnsafe(sql, ...params) };
}

/** Appends inside the caller's transaction: `await db.$transaction(async (tx) => { …change…; await recordAudit(tx, orgId, [event]) })`. */
export function recordAudit(tx: Prisma.TransactionClient, orgId: string, events: readonly AuditEventInput[]) {
  return appendAuditEvents(prismaRunner(tx), orgId, events);
}

/** Appends in a transaction of its own. */
export function recordAuditNow(orgId: string, events: readonly AuditEventInput[]) {
  return db.$transaction((tx) => appendAuditEvents(prismaRunner(tx), orgId, events));
}

/** The first broken link of the organization's audit chain, or ok with the event count. */
export function verifyAuditChain(orgId: string): Promise<ChainVerification> {
  return verifyAuditChainWith(prismaRunner(db), orgId);
}
