// One audit event as writers hand it over: the gateway for each decision, the control plane
// for each change. Chain fields (seq, prevHash, hash) are added by appendAuditEvents.
export type AuditEventInput = {
  /** Unique id of the event; lets a writer retry a batch whose commit it never saw confirmed. */
  eventId?: string | null;
  time?: Date;
  /** "gateway" (a call's decision), "control" (a change in the app), "catalog" (tool drift). */
  kind?: string;
  serverId?: string | null;
  grantId?: string | null;
  actorUserId?: string | null;
  method: string;
  tool?: string | null;
  decision: string;
  ruleId?: string | null;
  reason?: string | null;
  policyId?: string | null;
  policyVersion?: number | null;
  argsHash?: string | null;
  latencyMs?: number | null;
  upstreamOutcome?: string | null;
  requestId?: string | null;
  /**
   * Free-form JSON. Its top-level keys "escaped" and "truncated" are reserved: they list the fields
   * whose strings were changed to be storable (see storable.ts).
   */
  detail?: Record<string, unknown> | null;
};

/** Runs one statement and returns its rows; implemented over pg and over a Prisma transaction. */
export interface SqlRunner {
  query<Row = Record<string, unknown>>(sql: string, params: unknown[]): Promise<Row[]>;
}

export const GENESIS_HASH = "0".repeat(64);
