// The loop an outbox job (webhook deliveries, approval mails) runs: claim due rows on a timer and
// whenever nudged (a row was enqueued, or a send finished). Never two claims at once: a nudge
// during a claim runs one more claim after it. Sends in flight are tracked, per organization too,
// so a claim takes only the slots free (one tenant's burst cannot take a worker's every send) and
// stop() can wait.
// Old finished rows are pruned before a claim, at most every `pruneEveryMs`.
const pruneEveryMs = 10 * 60_000;

export class OutboxLoop {
  readonly sends = new Set<Promise<void>>();
  /** Sends in flight per organization (an organization is listed only while it has one). */
  private readonly byOrg = new Map<string, number>();
  private running = false;
  private again = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private prunedAt = 0;

  constructor(
    private readonly claim: () => Promise<void>,
    private readonly pollMs: number,
    private readonly onClaimError: (error: Error) => void,
    /** Deletes the outbox's old finished rows (the table stays bounded). */
    private readonly prune: () => Promise<unknown> = async () => undefined,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.nudge(), this.pollMs);
    this.timer.unref();
    this.nudge();
  }

  nudge(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.pruneIfDue()
      .then(() => this.claim())
      .catch((error: Error) => this.onClaimError(error))
      .finally(() => {
        this.running = false;
        if (!this.again) return;
        this.again = false;
        this.nudge();
      });
  }

  private async pruneIfDue(): Promise<void> {
    if (Date.now() - this.prunedAt <= pruneEveryMs) return;
    this.prunedAt = Date.now();
    await this.prune();
  }

  /** How many sends `orgId` may start now: its own slots left, within the worker's. */
  freeSlots(orgId: string, perOrg: number, maxInFlight: number): number {
    return Math.min(perOrg - (this.byOrg.get(orgId) ?? 0), maxInFlight - this.sends.size);
  }

  /** Runs one of `orgId`'s sends, keeps it until it settles, then looks for more work. */
  track(orgId: string, send: () => Promise<void>): void {
    this.byOrg.set(orgId, (this.byOrg.get(orgId) ?? 0) + 1);
    const running: Promise<void> = send().finally(() => {
      this.sends.delete(running);
      const left = (this.byOrg.get(orgId) ?? 1) - 1;
      if (left > 0) this.byOrg.set(orgId, left);
      else this.byOrg.delete(orgId);
      this.nudge();
    });
    this.sends.add(running);
  }

  /** Stops claiming and waits (up to `graceMs`) for sends in flight to settle. */
  async stop(graceMs: number): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.sends]), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
  }
}
