// Compiling a schema is synchronous (Ajv generates code), so the time the gateway spends on it
// is rationed: a bucket of milliseconds that refills with the clock. When it is empty, a call
// whose tool has no compiled validator yet is forwarded unchecked and the compile waits for a
// later call, so an upstream with many large schemas cannot take the event loop from others.

export class CompileBudget {
  private tokensMs: number;
  private refilledAt: number;

  constructor(
    private readonly msPerSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokensMs = msPerSecond;
    this.refilledAt = now();
  }

  /** Whether a compile may start now. */
  available(): boolean {
    const at = this.now();
    this.tokensMs = Math.min(this.msPerSecond, this.tokensMs + ((at - this.refilledAt) / 1000) * this.msPerSecond);
    this.refilledAt = at;
    return this.tokensMs > 0;
  }

  /** Charges a finished compile; the bucket may go below zero, which delays the next one longer. */
  charge(ms: number): void {
    this.tokensMs -= ms;
  }
}
