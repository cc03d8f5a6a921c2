// The hash chain: hash = sha256(prev_hash ‖ canonical row). The canonical row is the JSON of
// every stored field with sorted keys, so a changed, removed or reordered row breaks the chain.
import { sha256Hex } from "@/lib/crypto";
import { canonicalJson } from "@/lib/policy/canonical-json";
import { storableRow } from "@/lib/audit/storable";
import type { AuditEventInput } from "@/lib/audit/types";

/** The stored form of an event, exactly as it is hashed (times as ISO 8601 UTC with ms). */
export type ChainedRow = {
  orgId: string;
  seq: string;
  time: string;
  kind: string;
  serverId: string | null;
  grantId: string | null;
  actorUserId: string | null;
  method: string;
  tool: string | null;
  decision: string;
  ruleId: string | null;
  reason: string | null;
  policyId: string | null;
  policyVersion: number | null;
  argsHash: string | null;
  latencyMs: number | null;
  upstreamOutcome: string | null;
  requestId: string | null;
  eventId: string | null;
  detail: unknown;
};

/** Latency rounded to the microsecond, so that it survives the float8 round trip unchanged. */
const roundLatency = (ms: number | null | undefined) => (typeof ms === "number" && Number.isFinite(ms) ? Math.round(ms * 1000) / 1000 : null);

/** A time timestamp(3) stores and gives back as the same ISO text (years 1 to 9999), else undefined. */
function storableTime(time: Date | undefined): Date | undefined {
  const year = time?.getUTCFullYear() ?? NaN;
  return year >= 1 && year <= 9999 ? time : undefined;
}

/** The stored form of an event: every string storable (see storable.ts), so what is hashed is what is stored. */
export function toChainedRow(orgId: string, seq: bigint, event: AuditEventInput, now: Date): ChainedRow {
  return storableRow({
    orgId,
    seq: seq.toString(),
    time: (storableTime(event.time) ?? now).toISOString(),
    kind: event.kind ?? "gateway",
    serverId: event.serverId ?? null,
    grantId: event.grantId ?? null,
    actorUserId: event.actorUserId ?? null,
    method: event.method,
    tool: event.tool ?? null,
    decision: event.decision,
    ruleId: event.ruleId ?? null,
    reason: event.reason ?? null,
    policyId: event.policyId ?? null,
    policyVersion: event.policyVersion ?? null,
    argsHash: event.argsHash ?? null,
    latencyMs: roundLatency(event.latencyMs),
    upstreamOutcome: event.upstreamOutcome ?? null,
    requestId: event.requestId ?? null,
    eventId: event.eventId ?? null,
    // storableRow turns it into plain JSON, so the hashed value is what jsonb gives back (no undefined, no Dates).
    detail: event.detail ?? null,
  });
}

/** The fields of a chained row in canonical (sorted) order. */
const CHAINED_FIELDS = (
  ["orgId", "seq", "time", "kind", "serverId", "grantId", "actorUserId", "method", "tool", "decision", "ruleId", "reason",
    "policyId", "policyVersion", "argsHash", "latencyMs", "upstreamOutcome", "requestId", "eventId", "detail"] as const
).slice().sort();

/**
 * canonicalJson(row), written field by field in the known sorted order instead of sorting each
 * row's keys: the gateway hashes every call's row, and sorting was most of that work. A row with
 * fields other than the chained ones takes the general path, so the text is the same either way.
 */
export function canonicalRowJson(row: ChainedRow): string {
  if (Object.keys(row).length !== CHAINED_FIELDS.length || !/^\d+$/.test(row.seq)) return canonicalJson(row);
  const [before, after] = canonicalRowAroundSeq(row);
  return before + row.seq + after;
}

/**
 * A chained row's canonical JSON cut around its sequence number (row.seq is not read):
 * canonicalRowJson(row) is before + seq + after. The database numbers a batch under its chain
 * head's lock (warden_append_audit), so the text is written before the number is known.
 */
export function canonicalRowAroundSeq(row: ChainedRow): [before: string, after: string] {
  let text = "";
  let cut = 0;
  for (const field of CHAINED_FIELDS) {
    const separator = text === "" ? "{" : ",";
    if (field === "seq") {
      text += `${separator}"seq":"`;
      cut = text.length;
      text += '"';
      continue;
    }
    const value: unknown = row[field];
    if (value === undefined) continue;
    const json = value !== null && typeof value === "object" ? canonicalJson(value) : JSON.stringify(value);
    text += `${separator}"${field}":${json ?? "null"}`;
  }
  return [text.slice(0, cut), `${text.slice(cut)}}`];
}

/** sha256(prev_hash ‖ the row's canonical JSON). */
export function chainHash(prevHash: string, row: ChainedRow): string {
  return sha256Hex(prevHash + canonicalRowJson(row));
}
