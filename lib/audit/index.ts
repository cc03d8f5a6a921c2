// The hash-chained audit log, one chain per organization; used by the gateway and the app.
export { appendAuditEvents } from "@/lib/audit/append";
export { chainHash, toChainedRow, type ChainedRow } from "@/lib/audit/chain";
export { prismaRunner, recordAudit, recordAuditNow, verifyAuditChain } from "@/lib/audit/prisma-runner";
export { storableRow, storedText, type StorageMarks } from "@/lib/audit/storable";
export { GENESIS_HASH, type AuditEventInput, type SqlRunner } from "@/lib/audit/types";
export { verifyAuditChainWith, type ChainVerification } from "@/lib/audit/verify";
