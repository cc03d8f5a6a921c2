// URL-mode elicitation for approvals (MCP 2025-11-25, client/elicitation, "URL Elicitation
// Required Error", SEP-1036). A request that cannot be served until something happens out of band
// is answered with error -32042 whose data lists URL-mode elicitations; the client shows the URL
// (here: the approval's page), and may retry once it hears notifications/elicitation/complete.
// So for a client that declared `elicitation.url`, the retry path answers with that error instead
// of an isError result; everything else is retry mode: the elicitation id is the approval id, and
// the first identical retry after approval consumes the approval once, on any worker.
//
// The completion notification can only come from the worker that holds the client's session
// (sessions are worker-local), so each worker remembers which of its sessions wait on which
// approval, and sends the notification when the approval's row changes to a decision.
import { errorMessage } from "@/gateway/downstream/jsonrpc";
import type { OutgoingMessage } from "@/gateway/downstream/responder";
import type { Session, SessionStore } from "@/gateway/downstream/sessions";
import { WARDEN_META_KEY, type Verdict } from "@/gateway/enforce/verdict";
import type { Exchange } from "@/gateway/proxy/exchange";
import type { Database } from "@/gateway/state/database";

/** URLElicitationRequiredError's code (MCP 2025-11-25, schema: URL_ELICITATION_REQUIRED). */
export const URL_ELICITATION_REQUIRED = -32042;

/** True when the session's client declared URL-mode elicitation in initialize (`elicitation.url`). */
export function elicitsByUrl(session: Session | undefined): boolean {
  const elicitation = session?.clientCapabilities.elicitation as Record<string, unknown> | undefined;
  return typeof elicitation?.url === "object" && elicitation.url !== null;
}

/** The -32042 answer for a call waiting for approval, and the session noted for its completion notification. */
export function elicitationRequired(x: Exchange, verdict: Verdict): OutgoingMessage {
  const approvalId = verdict.approvalId!;
  if (x.session) x.services.elicitations.watch(approvalId, x.session, Date.parse(verdict.expiresAt ?? "") || Date.now());
  const message = `A person must approve this call in Warden before it runs (approval ${approvalId}, expires ${verdict.expiresAt}); retry the same call after approval.`;
  return errorMessage(x.requestId, URL_ELICITATION_REQUIRED, "This call needs a person's approval in Warden", {
    elicitations: [{ mode: "url", elicitationId: approvalId, url: verdict.approvalUrl, message }],
    [WARDEN_META_KEY]: { decision: verdict.decision, ruleId: verdict.ruleId, approvalId, approvalUrl: verdict.approvalUrl, expiresAt: verdict.expiresAt },
  });
}

type Watch = { sessionId: string; grantId: string; expiresAtMs: number };

/** Watches per worker; at the cap the oldest is forgotten (its client still retries by hand, as the spec asks clients to allow). */
const maxWatches = 10_000;
/** A decision made just after expiry still completes the elicitation: keep watching a little past it. */
const graceMs = 60_000;

/** Which of this worker's sessions wait on which approval; sends notifications/elicitation/complete on a decision. */
export class ElicitationWatch {
  private readonly watches = new Map<string, Watch[]>();
  private size = 0;
  private sweptAt = 0;

  constructor(
    private readonly db: Database,
    private readonly sessions: SessionStore,
  ) {}

  watch(approvalId: string, session: Session, expiresAtMs: number): void {
    this.sweep();
    const list = this.watches.get(approvalId) ?? [];
    if (list.some((w) => w.sessionId === session.id)) return;
    while (this.size >= maxWatches) this.forgetOldest();
    list.push({ sessionId: session.id, grantId: session.grantId, expiresAtMs });
    this.watches.set(approvalId, list);
    this.size += 1;
  }

  /** An approval row changed (NOTIFY): if it was decided, tell the sessions here that waited on it. */
  async approvalChanged(approvalId: string): Promise<void> {
    const list = this.watches.get(approvalId);
    if (!list) return;
    const { rows } = await this.db.query<{ status: string }>(`SELECT status FROM approvals WHERE id = $1`, [approvalId]);
    if (rows[0]?.status !== "pending") this.complete(approvalId, list);
  }

  /**
   * After the change listener reconnects (decisions made while it was away were not heard): one
   * query per 1,000 watched approvals, and the sessions waiting on one that is no longer pending
   * hear of it as they would have. Returns how many approvals were completed.
   */
  async recheck(batchSize = 1_000): Promise<number> {
    const watched = [...this.watches.keys()];
    let completed = 0;
    for (let start = 0; start < watched.length; start += batchSize) {
      const ids = watched.slice(start, start + batchSize);
      const { rows } = await this.db.query<{ id: string }>(`SELECT id FROM approvals WHERE id = ANY($1) AND status = 'pending'`, [ids]);
      const pending = new Set(rows.map((row) => row.id));
      for (const approvalId of ids) {
        const list = this.watches.get(approvalId);
        if (list && !pending.has(approvalId) && this.complete(approvalId, list)) completed += 1;
      }
    }
    return completed;
  }

  /** Sends notifications/elicitation/complete to the sessions here that waited on a decided approval; false when another notification already did. */
  private complete(approvalId: string, list: Watch[]): boolean {
    // Two notifications of one decision may overlap: only the first to get here sends.
    if (this.watches.get(approvalId) !== list) return false;
    this.watches.delete(approvalId);
    this.size -= list.length;
    for (const watch of list) {
      this.sessions.get(watch.sessionId, watch.grantId)?.stream?.send({
        jsonrpc: "2.0", method: "notifications/elicitation/complete", params: { elicitationId: approvalId },
      });
    }
    return true;
  }

  private forgetOldest(): void {
    const [approvalId, list] = this.watches.entries().next().value as [string, Watch[]];
    list.shift();
    this.size -= 1;
    if (list.length === 0) this.watches.delete(approvalId);
  }

  /** Forgets watches of approvals long expired; at most once a second, so a burst of calls does not rescan. */
  private sweep(): void {
    if (Date.now() - this.sweptAt < 1_000) return;
    this.sweptAt = Date.now();
    const cutoff = Date.now() - graceMs;
    for (const [approvalId, list] of this.watches) {
      const live = list.filter((w) => w.expiresAtMs > cutoff);
      this.size -= list.length - live.length;
      if (live.length === 0) this.watches.delete(approvalId);
      else this.watches.set(approvalId, live);
    }
  }
}
