// Counters in memory, for unit tests and single-process experiments: same all-or-nothing rule.
import { mergeCharges, type CounterStore, type TakeResult } from "@/gateway/counters/counter-store";
import type { Charge } from "@/lib/policy";

export class MemoryCounterStore implements CounterStore {
  readonly counts = new Map<string, number>();

  async take(input: readonly Charge[]): Promise<TakeResult> {
    const charges = mergeCharges(input);
    const keyOf = (charge: Charge) => `${charge.counterKey}|${charge.windowStart}`;
    let refusing: { refusedBy: Charge; used: number } | undefined;
    for (const charge of charges) {
      const used = this.counts.get(keyOf(charge)) ?? 0;
      if (used >= charge.max && (!refusing || charge.resetAt > refusing.refusedBy.resetAt)) refusing = { refusedBy: charge, used };
    }
    if (refusing) return { admitted: false, ...refusing };
    for (const charge of charges) this.counts.set(keyOf(charge), (this.counts.get(keyOf(charge)) ?? 0) + 1);
    return { admitted: true };
  }
}
