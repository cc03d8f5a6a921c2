// The loop an outbox job (webhook deliveries, approval mails) runs: claim due rows on a timer and
// whenever nudged (a row was enqueued, or a send finished). Never two claims at once: a nudge
// during a claim runs one more claim after it. Sends in flight are tracked so stop() can wait.
// Old finished rows are pruned before a claim, at most every `pruneEveryMs`.
const pruneEveryMs = 10 * 60_000;

export class OutboxLoop {
  readonly sends = new Set<Promise<void>>();
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

  /** Runs `send`, keeps it until it settles, then looks for more work. */
  track(send: () => Promise<void>, onSettled: () => void = () => undefined): void {
    const running: Promise<void> = send().finally(() => {
      this.sends.delete(running);
      onSettled();
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
