// CSV form of audit rows for the export: RFC 4180 quoting, and a leading quote on cells that a
// spreadsheet would run as a formula (=, +, -, @), since tool arguments and reasons come from agents.
import type { AuditEventView } from "@/lib/schemas/audit";

const columns = [
  "id", "time", "kind", "grantId", "grantName", "serverId", "serverName", "actorName", "method", "tool", "decision",
  "ruleId", "reason", "policyId", "policyVersion", "latencyMs", "upstreamOutcome", "requestId", "argsHash", "hash",
] as const satisfies readonly (keyof AuditEventView)[];

function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function auditCsvHeader(): string {
  return columns.join(",") + "\r\n";
}

export function auditCsvRow(row: AuditEventView): string {
  return columns.map((column) => cell(row[column])).join(",") + "\r\n";
}
