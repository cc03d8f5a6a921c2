// The last form of an audit event the database refused even after its strings were made storable
// (lib/audit/storable.ts): every string printable ASCII (anything else written \uXXXX) and short,
// numbers only where their column surely holds them, and the detail replaced by why the event was
// refused (keeping the storable marks). The event keeps its id, organization, place in the chain
// and decision; the original is in the gateway's log.
import type { GatewayAuditEvent } from "@/gateway/audit/pg-audit-writer";
import { sqlState } from "@/gateway/audit/write-errors";

const TEXT_MAX = 256;
const REASON_MAX = 2_048;
const INT4_MAX = 2_147_483_647;

// Backslashes are kept as they are: the event was made storable already, so a field listed under
// "escaped" has them doubled, and unescaping it once still gives the original. Other fields read
// as written, but for \uXXXX in place of each character outside printable ASCII.
const NOT_PLAIN = /[^\x20-\x7e]/g;
const escapeUnit = (unit: string) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`;

/** Printable ASCII only: anything else as \uXXXX; cut at `max` units, never inside an escape. */
function ascii(text: string, max: number): string {
  const escaped = text.length <= max ? text.replace(NOT_PLAIN, escapeUnit) : null;
  if (escaped !== null && escaped.length <= max) return escaped;
  let out = "";
  for (const char of text) {
    const piece = char.replace(NOT_PLAIN, escapeUnit);
    if (out.length + piece.length > max - 3) break;
    out += piece;
  }
  return `${out}...`;
}

const text = (value: string | null | undefined, max = TEXT_MAX) => (typeof value === "string" ? ascii(value, max) : null);

/** The storable marks ("escaped", "truncated") the event already carries. */
function marks(detail: GatewayAuditEvent["detail"]): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const key of ["escaped", "truncated"]) {
    const list = detail?.[key];
    if (Array.isArray(list)) kept[key] = list.slice(0, 100).map((path) => (typeof path === "string" ? ascii(path, TEXT_MAX) : null));
  }
  return kept;
}

export function safeAuditEvent(event: GatewayAuditEvent, refusal: unknown): GatewayAuditEvent {
  const version = event.policyVersion;
  const message = refusal instanceof Error ? refusal.message : String(refusal);
  return {
    orgId: event.orgId,
    eventId: event.eventId,
    time: event.time,
    kind: text(event.kind) ?? "gateway",
    method: text(event.method) ?? "unknown",
    decision: text(event.decision) ?? "unknown",
    serverId: text(event.serverId),
    grantId: text(event.grantId),
    actorUserId: text(event.actorUserId),
    tool: text(event.tool),
    ruleId: text(event.ruleId),
    reason: text(event.reason, REASON_MAX),
    policyId: text(event.policyId),
    policyVersion: typeof version === "number" && Number.isInteger(version) && Math.abs(version) <= INT4_MAX ? version : null,
    argsHash: text(event.argsHash),
    latencyMs: typeof event.latencyMs === "number" && Number.isFinite(event.latencyMs) ? event.latencyMs : null,
    upstreamOutcome: text(event.upstreamOutcome),
    requestId: text(event.requestId),
    detail: { unstorable: { sqlState: sqlState(refusal), error: ascii(message, 500) }, ...marks(event.detail) },
  };
}
