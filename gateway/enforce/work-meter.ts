// The work one argument check may do: every subschema applied and every regex step is charged
// here, and a check that runs out stops at once instead of holding the event loop. Checks are
// synchronous, so one meter serves every validator of a gateway.

export class WorkBudgetExceeded extends Error {
  constructor() {
    super("the argument check ran out of its work budget");
  }
}

export class WorkMeter {
  private left = Infinity;

  /** Runs `work` with `budget` units to spend; throws WorkBudgetExceeded when they run out. */
  run<T>(budget: number, work: () => T): T {
    this.left = budget;
    try {
      return work();
    } finally {
      this.left = Infinity;
    }
  }

  spend(units: number): void {
    this.left -= units;
    if (this.left < 0) throw new WorkBudgetExceeded();
  }
}
